#!/usr/bin/env bash
# Builds a PostgreSQL 15 Docker image from this machine's own files, for the testcontainers
# provider's tests where no image registry is reachable (DESIGN.md, "Docker"): the files of the
# postgresql-15 and postgresql-client-15 packages, the shared libraries they load, the time-zone
# data and a static busybox for /bin/sh, plus an entrypoint that honours POSTGRES_USER,
# POSTGRES_PASSWORD and POSTGRES_DB like the official image. Idempotent: an existing image is kept.
#   .ci/postgres-image.sh [IMAGE]        (default seedband/postgres:15-local; needs root and docker)
set -euo pipefail
image="${1:-seedband/postgres:15-local}"
if docker image inspect "$image" >/dev/null 2>&1; then
  echo ".ci/postgres-image.sh: $image exists"
  exit 0
fi
command -v busybox >/dev/null 2>&1 || apt-get install -y -qq busybox-static >/dev/null
dpkg -s postgresql-15 postgresql-client-15 >/dev/null 2>&1 || apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# Merged /usr (Debian 12): /lib and /lib64 are links into /usr, and the loader's path in every
# binary goes through them; the image gets the same links.
for d in lib lib64; do
  if [ -L "/$d" ]; then mkdir -p "$root/$(readlink "/$d")" && ln -s "$(readlink "/$d")" "$root/$d"; fi
done
copy() { # copy a path into the root, keeping its place (and what a symlink points to)
  local p="$1"
  [ -e "$p" ] || return 0
  mkdir -p "$root$(dirname "$p")"
  cp -a "$p" "$root$p"
  if [ -L "$p" ]; then copy "$(readlink -f "$p")"; fi
}
for pkg in postgresql-15 postgresql-client-15; do
  dpkg -L "$pkg" | while read -r f; do [ -f "$f" ] || [ -L "$f" ] && copy "$f"; done
done
# Every shared library the binaries and server modules load, and the dynamic loader.
# (ldd fails on files that are not dynamic executables, e.g. scripts: that is fine.)
libs=$(find /usr/lib/postgresql/15 -type f \( -perm -u+x -o -name '*.so' \) -print0 |
  xargs -0 ldd 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' | sort -u || true)
for lib in $libs; do copy "$lib"; done
copy /usr/share/zoneinfo
# No data/ folder: the provider mounts a tmpfs there, and only on a path the image lacks does the
# tmpfs get the mode asked for (1777); over an existing folder Docker keeps root's 0755.
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/var/run/postgresql" "$root/var/lib/postgresql"
cp "$(command -v busybox)" "$root/bin/busybox"
for tool in sh cat echo mkdir rm chmod sleep; do ln -sf busybox "$root/bin/$tool"; done
echo 'postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh' >"$root/etc/passwd"
echo 'postgres:x:999:' >"$root/etc/group"
chmod 1777 "$root/tmp"
chown -R 999:999 "$root/var/run/postgresql" "$root/var/lib/postgresql"

cat >"$root/entrypoint.sh" <<'ENTRY'
#!/bin/sh
# Like the official image: initialise on first start with POSTGRES_USER / POSTGRES_PASSWORD /
# POSTGRES_DB, then run the server; arguments ("postgres -c name=value ...") go to postgres.
set -e
PGDATA="${PGDATA:-/var/lib/postgresql/data/pgdata}"
export PGDATA
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  echo "${POSTGRES_PASSWORD:-postgres}" >/tmp/pwfile
  initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile -E UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != "postgres" ]; then
    # A server on the socket only, to create the database (postgres --single created nothing).
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql -v ON_ERROR_STOP=1 -U "$user" -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
fi
[ "$1" = "postgres" ] && shift
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
ENTRY
chmod 755 "$root/entrypoint.sh"
chmod -R a+rX "$root"

tar -C "$root" --numeric-owner -cf "$root.tar" .
docker import \
  -c 'USER 999' \
  -c 'ENV PATH=/usr/lib/postgresql/15/bin:/bin' \
  -c 'ENV PGDATA=/var/lib/postgresql/data/pgdata' \
  -c 'EXPOSE 5432' \
  -c 'ENTRYPOINT ["/entrypoint.sh"]' \
  -c 'CMD ["postgres"]' \
  "$root.tar" "$image" >/dev/null
rm -f "$root.tar"
echo ".ci/postgres-image.sh: built $image"
