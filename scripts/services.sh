#!/usr/bin/env bash
# install | start | stop the system services that tests need. Safe to call when they are absent:
# without root or apt-get it does nothing, and the tests that need a service skip (outside CI).
set -uo pipefail
cd "$(dirname "$0")/.."
action="${1:-}"
for part in scripts/services.d/*.sh; do
  [ -f "$part" ] || continue
  # shellcheck source=/dev/null
  bash "$part" "$action" || { echo "services: $part $action failed" >&2; [ "$action" = stop ] || exit 1; }
done
exit 0
