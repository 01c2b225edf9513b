#!/usr/bin/env bash
# The store's tests run against PostgreSQL as well as SQLite. This checks that the
# server named by UJIKON_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/test)
# answers, and starts the local cluster when it does not and we can. Under CI=true a
# server that still does not answer is an error: the PostgreSQL tests must not be skipped.
set -uo pipefail
url=${UJIKON_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
hostport=${url#*@}; hostport=${hostport%%/*}
host=${hostport%%:*}; port=${hostport##*:}; [ "$port" = "$host" ] && port=5432

ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"; }

if ! ready && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 20); do ready && break; sleep 0.5; done
fi
if ready; then exit 0; fi
if [ "${CI:-}" = "true" ]; then
  echo "ensure-postgres: PostgreSQL at $host:$port does not answer; CI needs it (UJIKON_TEST_PG_URL)" >&2
  exit 1
fi
echo "ensure-postgres: PostgreSQL at $host:$port does not answer; its tests will be skipped" >&2
exit 0
