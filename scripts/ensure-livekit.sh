#!/usr/bin/env bash
# Installs the pinned LiveKit server (the SFU that carries classroom media) when it is missing, the way
# ensure-system-deps.sh installs Chromium: built from LiveKit's Go module with `go install`, nothing of its source kept
# here. Reuses a binary that is already there: LIVEKIT_BIN, `livekit-server` on PATH, or the one `go install` left.
# Without Go it says in one line how to get LiveKit and exits 0 (the live tests then skip, saying why); in CI
# (CI=true) a missing LiveKit is an error, since CI must run those tests.
set -euo pipefail

# v1.13.5's go.mod has no `replace` lines, which `go install …@version` requires: check before moving to a newer one.
version="${LIVEKIT_VERSION:-v1.13.5}"

is_livekit() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -q "livekit-server version ${version#v}"; }

if [ -n "${LIVEKIT_BIN:-}" ]; then
  if is_livekit "$LIVEKIT_BIN"; then exit 0; fi
  echo "LIVEKIT_BIN=$LIVEKIT_BIN is not livekit-server ${version}" >&2
  exit 1
fi
if command -v livekit-server >/dev/null 2>&1 && is_livekit "$(command -v livekit-server)"; then exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  message="LiveKit is not installed and Go is missing: install Go 1.26 and run bash scripts/ensure-livekit.sh, or set LIVEKIT_BIN to a livekit-server ${version} binary"
  if [ "${CI:-}" = "true" ]; then
    echo "$message" >&2
    exit 1
  fi
  echo "$message"
  exit 0
fi

bin="$(go env GOPATH)/bin/server"
if is_livekit "$bin"; then exit 0; fi
echo "Building livekit-server ${version} with go install (a few minutes, once)…"
go install "github.com/livekit/livekit-server/cmd/server@${version}"
is_livekit "$bin" || { echo "go install did not produce livekit-server ${version} at $bin" >&2; exit 1; }
echo "Installed livekit-server ${version} at $bin."
