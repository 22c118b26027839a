"""The container's health check: GET /healthz as the load balancer would, 0 when it says ok.

Sends the first of ALLOWED_HOSTS as Host (Django refuses other hosts) and says the request
came over HTTPS, as it does behind the load balancer.
"""

import os
import sys
import urllib.request

host = (os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost").lstrip(
    "."
)
request = urllib.request.Request(
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as error:
    print(f"healthz: {error}", file=sys.stderr)
    sys.exit(1)
