#!/usr/bin/env bash
# Bitwise reproducibility: runs one experiment N times with the same seed (same machine, same thread count) and counts
# the distinct model.bin files (SHA-256). Every run identical is the expected result.
# Usage: scripts/same-seed.sh [-n N] [--seed S] [--out DIR] [EXPERIMENT] [-- RUN OPTION ...]
#   defaults: -n 20, --seed 0, seed001-sine-rnn, quick profile, runs in /tmp/rnnzoo-same-seed
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n=20; seed=0; out=/tmp/rnnzoo-same-seed; name=seed001-sine-rnn; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) name="$1"; shift ;;
  esac
done
dotnet build -c Release "$root/Experiments" -v quiet -nologo > /dev/null
rnnzoo=(dotnet "$root/Experiments/bin/Release/net10.0/rnnzoo.dll")
rm -rf "$out"; mkdir -p "$out"
for i in $(seq 1 "$n"); do
  args=(run "$name" --seed "$seed" --out "$out/$i" --progress none --no-tensorboard)
  "${rnnzoo[@]}" "${args[@]}" ${extra[@]+"${extra[@]}"} > "$out/$i.log" 2>&1 || { echo "run $i failed: $out/$i.log" >&2; exit 1; }
done
echo "$name, seed $seed, $n runs, $(nproc) cores: model.bin SHA-256 (count, hash)"
sha256sum "$out"/*/model.bin | awk '{print $1}' | sort | uniq -c | sort -rn
distinct=$(sha256sum "$out"/*/model.bin | awk '{print $1}' | sort -u | wc -l)
common=$(sha256sum "$out"/*/model.bin | awk '{print $1}' | sort | uniq -c | sort -rn | head -1 | awk '{print $1}')
echo "$common of $n identical (the most common model.bin); $distinct distinct"
[ "$distinct" = 1 ]
