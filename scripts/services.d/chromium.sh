#!/usr/bin/env bash
# Chromium for the dashboard browser test: install | start | stop.
#
# install: apt-get install Debian's `chromium` when /usr/bin/chromium is missing and we are root with
#          apt-get. Playwright drives this system browser (executable_path=/usr/bin/chromium); we never
#          run `playwright install`, which would download a browser build.
# start, stop: nothing to do (each test launches and closes its own headless browser).
# Without Chromium (and no root to install it) the browser test skips locally and fails in CI.
set -uo pipefail

action="${1:-}"
case "$action" in
  install)
    if [ -x /usr/bin/chromium ]; then
      exit 0
    fi
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "chromium: /usr/bin/chromium missing and cannot install it (need root and apt-get); browser tests will skip" >&2
      exit 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || { echo "chromium: apt-get update failed" >&2; exit 1; }
    apt-get install -y -qq chromium >/dev/null || {
      echo "chromium: apt-get install chromium failed" >&2; exit 1; }
    [ -x /usr/bin/chromium ] || { echo "chromium: installed but /usr/bin/chromium is missing" >&2; exit 1; }
    ;;
  start|stop)
    ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
exit 0
