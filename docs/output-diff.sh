#!/bin/bash
# Compares two lamina binaries output byte for byte: `audit` in jsonl, csv and sarif on every
# corpus (and ../shared/acceptance when present), and `lint` on the shipped samples.
# Used to check that a speed change leaves every answer unchanged.
#   docs/output-diff.sh OLD_BINARY NEW_BINARY [EXTRA.jsonl ...]
# Build the old one from a worktree, e.g.:
#   git worktree add /tmp/old HEAD~1 && (cd /tmp/old && swift build -c release --static-swift-stdlib)
set -u
old=$1; new=$2; shift 2
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
inputs=(corpora/*.jsonl "$@")
[ -f ../shared/acceptance/notes.jsonl ] && inputs+=(../shared/acceptance/notes.jsonl)
fail=0
for f in "${inputs[@]}"; do
  for fmt in jsonl csv sarif; do
    "$old" audit --format "$fmt" --jobs 1 "$f" > "$tmp/o" 2> "$tmp/oe"; a=$?
    "$new" audit --format "$fmt" --jobs 1 "$f" > "$tmp/n" 2> "$tmp/ne"; b=$?
    if ! cmp -s "$tmp/o" "$tmp/n" || ! cmp -s "$tmp/oe" "$tmp/ne" || [ $a != $b ]; then
      echo "differs: audit --format $fmt $f"; fail=1
    fi
  done
done
for f in corpora/samples/*.txt; do
  "$old" lint "$f" > "$tmp/o" 2>&1; "$new" lint "$f" > "$tmp/n" 2>&1
  cmp -s "$tmp/o" "$tmp/n" || { echo "differs: lint $f"; fail=1; }
done
[ $fail = 0 ] && echo "same output: ${#inputs[@]} inputs x 3 formats, $(ls corpora/samples/*.txt | wc -l) lint samples"
exit $fail
