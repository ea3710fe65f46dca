#!/usr/bin/env bash
# The browser tests need Debian's Chromium (Playwright drives /usr/bin/chromium; it downloads no
# browser of its own). Installs it when missing and we are root; otherwise says what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
# zbarimg decodes the ticket QR codes in the tickets tests (a real decoder, not our own code).
command -v zbarimg >/dev/null || missing+=(zbar-tools)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages for the tests (once): ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  echo "Note: zbar-tools is not installed, so the QR decoding test will be skipped (sudo apt-get install zbar-tools)." >&2
  exit 0
fi
echo "The browser tests need Chromium at /usr/bin/chromium." >&2
echo "Install it with: sudo apt-get install chromium   (then run make test again)" >&2
exit 1
