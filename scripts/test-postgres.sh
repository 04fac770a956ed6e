#!/usr/bin/env bash
# Start a local PostgreSQL 15 for the PostgreSQL storage tests and print the URL they use.
# Usage: export WAYPOINT_TEST_DATABASE_URL=$(scripts/test-postgres.sh)
# Installs Debian's postgresql when it is missing (as root, like CI); all messages go to stderr.
set -euo pipefail
log() { echo "$@" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "Installing PostgreSQL from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  pg_ctlcluster "$version" main start >&2
fi

# Wait until the server accepts connections.
for _ in $(seq 1 50); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 0.2
done

su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'waypoint'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role waypoint login password 'waypoint'\"" >&2
su postgres -c "psql -qtAc \"select 1 from pg_database where datname = 'waypoint_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O waypoint waypoint_test" >&2

port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
echo "postgres://waypoint:waypoint@127.0.0.1:${port}/waypoint_test"
