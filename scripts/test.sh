#!/usr/bin/env bash
# Install everything the test suite needs, start its services, run it, stop them.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

export AMITY_SHARED="${AMITY_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$AMITY_SHARED" ]; then
  echo "error: shared data not found at $AMITY_SHARED (set AMITY_SHARED)" >&2
  exit 1
fi

# System services the tests use (PostgreSQL, Chromium), from Debian's packages, when we may install them.
bash scripts/services.sh install

python3 -m pip install -q --disable-pip-version-check -e ".[all,test]"

bash scripts/services.sh start
trap 'bash scripts/services.sh stop' EXIT
# services.sh start writes the variables tests need (e.g. AMITY_TEST_PG_URL).
if [ -f .services.env ]; then set -a; . ./.services.env; set +a; fi

python3 -m ruff check src tests benchmarks
python3 -m mypy
python3 -m pytest "$@"
