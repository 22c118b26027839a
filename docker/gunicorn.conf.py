"""gunicorn's settings for the intranet's web container (docker/Dockerfile).

Every value can be changed from the environment: WEB_CONCURRENCY processes (default: two per
core, plus one), GUNICORN_THREADS threads each, PORT.
"""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that slow leaks cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The application is loaded before the workers fork: less memory, and an error in the
# settings (a missing SECRET_KEY) stops the container at once instead of every worker.
preload_app = True
# The load balancer terminates TLS and says so in X-Forwarded-Proto (settings: SECURE_PROXY_…).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# Access log on stdout as one JSON object per line, like the application's own log.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "remote": "%(h)s", '
    '"user_agent": "%(a)s"}'
)
