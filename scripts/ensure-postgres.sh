#!/usr/bin/env bash
# Make PostgreSQL's server binaries available for the test suite (tests/pg_cluster.py starts a
# throwaway cluster from them). Installs Debian's `postgresql` package when missing and we are root.
# Set OVERCLAIM_TEST_POSTGRES_URL to use a server of your own instead; nothing is installed then.
set -euo pipefail

if [ -n "${OVERCLAIM_TEST_POSTGRES_URL:-}" ]; then
    exit 0
fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null; then
    echo "ensure-postgres: no PostgreSQL server found; install Debian's 'postgresql' package (the PostgreSQL tests skip, or fail under CI=true)" >&2
    exit 0
fi
echo "ensure-postgres: installing PostgreSQL for the test suite" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql > /dev/null
# The package starts a default cluster where it can; the tests never use it.
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null
