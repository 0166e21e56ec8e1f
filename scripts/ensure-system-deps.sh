#!/usr/bin/env bash
# Installs the Debian packages the tests drive when they are missing: Chromium for the end-to-end tests, coturn for
# the TURN relay test, Caddy for the load-balancer tests, Redis for the multi-node tests, and ffmpeg with the DejaVu
# fonts for the test video clips (testing/testClips.ts burns a frame counter in with them).
# Run as root it installs them with apt-get; otherwise it says what to install and stops.
set -euo pipefail

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium_path" ] || missing+=(chromium)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}   (or set CHROMIUM_PATH for Chromium)" >&2
  exit 1
fi

echo "Installing ${missing[*]} with apt-get…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed ${missing[*]}."
