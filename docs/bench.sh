#!/usr/bin/env bash
# Throughput and memory of `lamina audit --format jsonl` on seeded synthetic notes
# (release build with a static Swift runtime). Any `lamina bench` option passes through:
#   docs/bench.sh                          # 20,000 notes, 1 job and all cores
#   docs/bench.sh --megabytes 1000 --jobs 2  # the 1 GB memory check
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib >/dev/null
"$(swift build -c release --static-swift-stdlib --show-bin-path)/lamina" bench "$@"
