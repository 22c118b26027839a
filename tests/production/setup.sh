#!/usr/bin/env bash
# What the production checks need besides the Python packages; safe to run again.
#
# - Debian's docker-compose, to validate docker/compose.yaml (`docker-compose config`). No
#   Docker engine is needed or started: validation only reads the file and docker/.env.example.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "tests/production/setup.sh: installing docker-compose with apt-get"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    docker-compose
fi
docker-compose version --short
