#!/usr/bin/env bash
# The server the browser suite runs against: a production build on its own port and data
# directory, with 240 real demo images and scale rows enough to scroll 5,000+ items deep.
# Images come from another origin, as in production (the Worker's host): the page is at
# 127.0.0.1:3100, its images at localhost:3100 — CORS, the service worker's asset origin and the
# HTTP cache's partitioning all run as they do there.
# Every /i/ answer is logged (IMAGE_ACCESS_LOG) so tests count requests on the server too.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATA_DIR=.data-e2e PORT=3100 DEMO_COUNT=240 NODE_ENV=production
export ASSET_BASE_URL=http://localhost:3100
# The specs measure the browser's loading discipline on two cores: the background backfill of the
# demo's display sets would compete with every one of them (the studio spec publishes through the
# queue all the same).
export DISPLAY_SET_BACKFILL=false
# The first curator, created at start (tests/e2e/studio.spec.ts logs in with it).
export CURATOR_EMAIL=curator@vitrine.test CURATOR_PASSWORD='e2e curator password'
mkdir -p "$DATA_DIR"
export IMAGE_ACCESS_LOG="$PWD/$DATA_DIR/image-access.log"
: > "$IMAGE_ACCESS_LOG"
node --conditions=react-server --import tsx scripts/seed.ts --demo 240 --until 5400
exec node --conditions=react-server --import tsx scripts/start.ts
