#!/usr/bin/env bash
# The server the browser suite runs against: a production build on its own port and data
# directory, with 240 real demo images and enough scale rows to scroll 3,000+ items deep.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATA_DIR="${E2E_DATA_DIR:-.data-e2e}" PORT=3100 DEMO_COUNT=240 NODE_ENV=production
node --conditions=react-server --import tsx scripts/seed.ts --demo 240 --until 4000
exec node --conditions=react-server --import tsx scripts/start.ts
