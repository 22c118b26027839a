#!/usr/bin/env bash
# What the benchmarks need besides the Python packages; safe to run again.
#
# - Debian's linkchecker, which benchmarks/linkcheck.py runs on the same links as our checker.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v linkchecker >/dev/null 2>&1; then
  echo "benchmarks/setup.sh: installing linkchecker with apt-get"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends linkchecker
fi
