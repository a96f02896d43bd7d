#!/usr/bin/env bash
# Browser end-to-end tests; needs the server built (MEDIATION_ROOM_BIN or <repo>/build/mediation-room)
# and the web client built (client-web/dist, which scripts/test and scripts/run build).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
exec node --test --test-concurrency=1 ./*.test.js
