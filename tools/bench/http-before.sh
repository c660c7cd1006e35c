#!/usr/bin/env bash
# Issue 15's read target is "reads over HTTP at 16 clients >= 2.5 x today's (~900/s) on the same machine":
# the figure of the code before issue 15 (725dd98), on the machine the new figures come from. This runs
# `npm run bench -- http` (today's bench, copied in) against that code, in a worktree of its own, on this
# repository's Node 24, so that its figures can be set beside a run of the current code in the same hour.
#
#   bash tools/bench/http-before.sh   # the bench's output, then its read@16 median; PostgreSQL at 127.0.0.1:5432
#   HTTP_READS_BEFORE=<that median> npm run bench -- http   # the current code against 2.5 x that
#
# Only the PostgreSQL half is meaningful: the old code's better-sqlite3 is built for another Node (the SQLite
# half fails after it, which ends the run; the median is printed all the same). Takes ~4 minutes the first
# time (npm ci of the old tree).
set -euo pipefail
BEFORE=725dd98
root=$(cd "$(dirname "$0")/../.." && pwd)
tree=${HTTP_BEFORE_TREE:-/tmp/fallverbund-http-before}
if [ ! -d "$tree" ]; then
  git -C "$root" worktree add --detach "$tree" "$BEFORE" >/dev/null
  (cd "$tree" && npm ci --no-audit --no-fund >/dev/null && npm i --no-save --no-audit --no-fund autocannon@9.0.0 >/dev/null)
  # The install just loaded the machine: wait until its 1-minute load is below 1 again, or the old code's figure
  # is taken under load (seen: 1.62 at the start of a run straight after the install).
  until awk '{ exit !($1 < 1) }' /proc/loadavg; do sleep 10; done
fi
cp "$root/bench/http.bench.ts" "$root/bench/http-server.child.ts" "$tree/bench/"
cp "$root/bench/support/autocannon.d.ts" "$root/bench/support/http-api.ts" "$root/bench/support/http-load.ts" "$tree/bench/support/"
# The old runner does not know the http benchmark: register it.
if ! grep -q httpBenchmark "$tree/bench/run.ts"; then
  sed -i "s#^import { kafkaRelayBenchmark } from './kafka-relay.bench';#import { httpBenchmark } from './http.bench';\n&#" "$tree/bench/run.ts"
  sed -i "s#^const BENCHMARKS: readonly Benchmark\[\] = \[#&\n  httpBenchmark,#" "$tree/bench/run.ts"
fi
cd "$tree"
log=$(mktemp)
# The SQLite half fails on the old tree (above), so the run ends without its summary: its read@16 median is
# taken from the three PostgreSQL rounds it printed.
"$root/node_modules/.bin/node" -r @swc-node/register bench/run.ts http 2>&1 | tee "$log" || true
median=$(grep -E 'postgres round [0-9] read@16:' "$log" | sed -E 's/.*read@16: ([0-9,]+)\/s.*/\1/' | tr -d , | sort -n | sed -n 2p)
rm -f "$log"
if [ -z "$median" ]; then
  echo "http-before: no PostgreSQL read@16 rounds in the output" >&2
  exit 1
fi
echo "http-before: read@16 median ${median}/s — run the current code with HTTP_READS_BEFORE=${median} npm run bench -- http"
