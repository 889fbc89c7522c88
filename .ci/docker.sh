#!/usr/bin/env bash
# Makes a Docker engine reachable for the testcontainers provider's tests (DESIGN.md, "Docker"):
# installs docker.io when missing, starts dockerd (no iptables, vfs storage: what works on these
# machines) unless one answers already, and builds the local PostgreSQL 15 image. Idempotent.
# Prints the image name on stdout; exits non-zero when Docker cannot be made to work (the tests
# then skip, saying why).
set -euo pipefail
cd "$(dirname "$0")/.."
image="${SEEDBAND_TEST_PG_IMAGE:-seedband/postgres:15-local}"
if ! command -v dockerd >/dev/null 2>&1; then
  echo ".ci/docker.sh: installing docker.io" >&2
  apt-get install -y -qq docker.io >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq docker.io >/dev/null; }
fi
if ! docker info >/dev/null 2>&1; then
  echo ".ci/docker.sh: starting dockerd (log: /var/log/seedband-dockerd.log)" >&2
  nohup dockerd --iptables=false --storage-driver=vfs >/var/log/seedband-dockerd.log 2>&1 &
  for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo ".ci/docker.sh: dockerd did not answer" >&2; exit 1; }
fi
.ci/postgres-image.sh "$image" >&2
echo "$image"
