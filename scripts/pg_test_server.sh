#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, from Debian's postgresql package.
#   scripts/pg_test_server.sh start DIR [PORT]   -> prints the FAIRPLANNER_TEST_DATABASE_URL
#   scripts/pg_test_server.sh stop DIR
# initdb refuses to run as root, so as root it runs the server as the postgres user.
set -euo pipefail
action=${1:?start or stop}
base=${2:?a directory for the cluster}
port=${3:-54329}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ -z "$bindir" ]; then
      if [ "$(id -u)" = "0" ]; then
        echo "Installing Debian's postgresql for the PostgreSQL test pass..." >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
        bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
      else
        echo "PostgreSQL is needed: sudo apt-get install postgresql" >&2
        exit 1
      fi
    fi
    mkdir -p "$base/sock"
    if [ "$(id -u)" = "0" ]; then chown -R postgres "$base"; fi
    chmod 700 "$base"
    as_owner "$bindir/initdb" -D "$base/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    as_owner "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
      -o "-p $port -k $base/sock -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgres://postgres@:$port/fairplanner_test?host=$base/sock"
    ;;
  stop)
    if [ -n "$bindir" ] && [ -d "$base/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
