#!/usr/bin/env bash
# Runs every experiment's profile (quick or full) and writes results.md: experiment, metric, value, reference, wall time.
# Interrupted? Run it again: finished experiments are kept, an unfinished one resumes from its last checkpoint.
# Usage: scripts/reproduce.sh [quick|full] [--seeds 0-4] [--data-dir DIR] [--out DIR] [EXPERIMENT ...]
# --seeds: each experiment as a sweep over these seeds (rnnzoo sweep create/run, in OUT/PROFILE-seeds-SEEDS/NAME);
#   results.md then also gives, per experiment, mean ± standard deviation and the 95% interval over the seeds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
profile="quick"; data_dir=""; out="$root/runs/reproduce"; only=(); seeds=""
while [ $# -gt 0 ]; do
  case "$1" in
    quick|full) profile="$1"; shift ;;
    --seeds) seeds="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) only+=("$1"); shift ;;
  esac
done
if [ -z "$data_dir" ] && [ -d "$root/../shared/data" ]; then data_dir="$root/../shared/data"; fi

dotnet build -c Release Experiments -v quiet -nologo
rnnzoo=(dotnet "$root/Experiments/bin/Release/net10.0/rnnzoo.dll")
mapfile -t experiments < <("${rnnzoo[@]}" list --json | /usr/bin/env python3 -c 'import json,sys; [print(e["name"]) for e in json.load(sys.stdin)]' 2>/dev/null \
  || "${rnnzoo[@]}" list | awk '/^[a-z0-9]/{print $1}')
[ ${#only[@]} -gt 0 ] && experiments=("${only[@]}")

if [ -n "$seeds" ]; then
  # Every seed of an experiment is a run of its sweep; run again, a sweep skips what is done and resumes what was stopped.
  base="$out/$profile-seeds-$seeds"
  mkdir -p "$base"
  for name in "${experiments[@]}"; do
    dir="$base/$name"
    if [ ! -f "$dir/sweep.json" ]; then "${rnnzoo[@]}" sweep create "$name" --seeds "$seeds" --profile "$profile" --out "$dir" > /dev/null; fi
    args=(sweep run "$dir" --all)
    [ -n "$data_dir" ] && args+=(--data-dir "$data_dir")
    echo "== $name (seeds $seeds)"
    if ! "${rnnzoo[@]}" "${args[@]}" > "$dir.log" 2>&1; then
      echo "   failed: see $dir.log and 'rnnzoo sweep status $dir'"; grep -E '^== run [0-9]+: failed' "$dir.log" | sed 's/^/   /' || true
    else
      tail -1 "$dir.log" | sed 's/^/   /'
    fi
  done
  "${rnnzoo[@]}" results "$base" --out "$root/results.md"
  echo "wrote $root/results.md"
  exit 0
fi

mkdir -p "$out/$profile"
for name in "${experiments[@]}"; do
  dir="$out/$profile/$name"
  if [ -f "$dir/summary.json" ]; then echo "== $name: done earlier, kept"; continue; fi
  args=(run "$name" --profile "$profile" --out "$dir")
  [ -n "$data_dir" ] && args+=(--data-dir "$data_dir")
  [ -f "$dir/checkpoints/checkpoint.bin" ] && args+=(--resume)
  echo "== $name"
  if ! "${rnnzoo[@]}" "${args[@]}" > "$dir.log" 2>&1; then
    echo "   failed: see $dir.log"; tail -3 "$dir.log" | sed 's/^/   /'
  else
    tail -1 "$dir.log" | sed 's/^/   /'
  fi
done

"${rnnzoo[@]}" results "$out/$profile" --out "$root/results.md"
echo "wrote $root/results.md"
