#!/usr/bin/env bash
# What the browser tests (tests/browser) need besides the Python packages; safe to run again.
#
# - Debian's chromium, which Playwright drives through executable_path (Playwright never
#   downloads a browser of its own here);
# - axe-core from the npm registry, for the accessibility checks (tests/browser/node_modules).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "tests/browser/setup.sh: installing ${missing[*]} with apt-get"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
  echo "tests/browser/setup.sh: installing axe-core (npm ci)"
  npm ci --prefix "$here" --no-audit --no-fund
fi
