#!/usr/bin/env bash
# Throughput of `lamina audit --format jsonl` on the project's gold notes repeated to at
# least 50 MB of note text, one thread. Usage: docs/bench.sh [MB]  (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-50}
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/lamina
input=$(mktemp -t lamina-bench-XXXXXX.jsonl)
trap 'rm -f "$input"' EXIT
python3 - "$mb" "$input" <<'PY'
import json, sys
target = int(sys.argv[1]) * 1_000_000
texts = [json.loads(l)["text"] for f in ("corpora/gold.jsonl", "corpora/real-style.jsonl") for l in open(f, encoding="utf-8") if l.strip()]
size = n = 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    while size < target:
        for t in texts:
            out.write(json.dumps({"id": f"b{n}", "text": t}) + "\n")
            size += len(t.encode("utf-8")); n += 1
print(f"input: {n} notes, {size / 1e6:.1f} MB of note text", file=sys.stderr)
with open(sys.argv[2] + ".meta", "w") as m: m.write(f"{n} {size}\n")
PY
read -r notes bytes < "$input.meta"; rm -f "$input.meta"
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$input.rss" "$bin" audit --format jsonl "$input" > /dev/null 2> /dev/null
end=$(date +%s.%N)
rss=$(cat "$input.rss"); rm -f "$input.rss"
python3 -c "
s=$end-$start
print(f'notes {$notes}  seconds {s:.2f}  notes/s {$notes/s:,.0f}  MB/s {$bytes/1e6/s:.1f}  peak RSS {$rss/1024:.0f} MB')"
