#!/usr/bin/env bash
# The browser tests need Debian's Chromium (Playwright drives /usr/bin/chromium; it downloads no
# browser of its own). Installs it when missing and we are root; otherwise says what to install.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests (once)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at /usr/bin/chromium." >&2
echo "Install it with: sudo apt-get install chromium   (then run make test again)" >&2
exit 1
