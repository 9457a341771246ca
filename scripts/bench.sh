#!/usr/bin/env bash
# Benchmark: RnnZoo (fused, reference) against a bare TorchSharp loop and, when python3-torch is installed,
# the PyTorch peer, alternating them config by config in one run. Writes bench.md and bench.png.
# Usage: scripts/bench.sh [--steps N] [--min-seconds S] [--warmup N] [--rounds N] [--threads N] [--lengths] [--bf16] [CONFIG ...]
# --min-seconds (default 1): each measurement times at least --steps steps and at least S seconds of them, so that the
# small configurations' few-millisecond steps give a median of many.
# --lengths also times random lengths in [T/2, T]: RnnZoo's exact path, and TorchSharp's PackedSequence (one step, at most
# 5 minutes: its CPU backward grows faster than T^2). --bf16 also times inference in bfloat16.
# bench.md opens with the issue's table of targets (each marked met or not), from wall and from processor time, then the
# machine's limit: the FLOPs of a step and the GFLOP/s reached against libtorch's own matrix-product rate.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command_line="$*"
steps=5; min_seconds=1; warmup=2; rounds=2; threads=2; lengths=""; bf16=""; configs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --min-seconds) min_seconds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --lengths) lengths="--lengths"; shift ;;
    --bf16) bf16="yes"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) configs+=("$1"); shift ;;
  esac
done
[ ${#configs[@]} -gt 0 ] || configs=(imdb-lstm2 imdb-bigru series-rnn128 series-lstm2)

out="$root/artifacts/bench"
rm -rf "$out"; mkdir -p "$out"
dotnet build -c Release Experiments -v quiet -nologo
rnnzoo=(dotnet "$root/Experiments/bin/Release/net10.0/rnnzoo.dll")

peer_script="$root/../shared/peer/pytorch_peer.py"
peer=""
if [ -f "$peer_script" ] && /usr/bin/python3 -c "import torch" 2>/dev/null; then peer="$peer_script"; fi

for config in "${configs[@]}"; do
  # With --lengths, fused and reference also run with random lengths in the same process, alternating with the
  # full-length runs round by round: the exact-length ratios compare measurements seconds apart in one process, not two
  # processes minutes apart.
  "${rnnzoo[@]}" bench "$config" ${lengths:+--paired-lengths} --steps "$steps" --min-seconds "$min_seconds" --warmup "$warmup" --rounds "$rounds" --threads "$threads" --json "$out/rnnzoo-$config.json"
  if [ -n "$lengths" ]; then
    timeout 300 "${rnnzoo[@]}" bench "$config" --lengths --implementation bare --steps 1 --warmup 0 --threads "$threads" --no-limit \
      --json "$out/rnnzoo-$config-lengths-bare.json" || echo "   PackedSequence ($config): no result within 300 s"
  fi
  if [ -n "$bf16" ]; then
    "${rnnzoo[@]}" bench "$config" --dtype bf16 --steps "$steps" --min-seconds "$min_seconds" --warmup "$warmup" --rounds "$rounds" --threads "$threads" --no-limit \
      --json "$out/rnnzoo-$config-bf16.json"
  fi
  if [ -n "$peer" ]; then
    # The peer with the same arithmetic as rnnzoo: denormals flushed to zero (torch.set_flush_denormal) before it starts.
    /usr/bin/python3 -c 'import sys, runpy, torch; torch.set_flush_denormal(True); sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")' \
      "$peer" --threads "$threads" --steps "$steps" --warmup "$warmup" "$config" | tee -a "$out/peer.jsonl"
  fi
done

cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
isa="$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512_bf16|amx_bf16)$' | tr '\n' ' ' | sed 's/ $//')"
header="Machine: $(nproc) cores of $cpu ($isa), $(uname -sr); $threads threads; medians of $rounds rounds x $steps steps (or more, to $min_seconds s a measurement) after $warmup warm-up, implementations alternating; denormals flushed to zero in rnnzoo and in the peer; $(date -u +%Y-%m-%dT%H:%MZ). Command: scripts/bench.sh $command_line"
peer_arg=(); [ -f "$out/peer.jsonl" ] && peer_arg=(--peer "$out/peer.jsonl")
"${rnnzoo[@]}" bench-report "$out"/rnnzoo-*.json "${peer_arg[@]}" --out "$root/bench.md" --chart "$root/bench.png" --header "$header"
# The targets, as bench.md opens with them.
sed -n '/^## The targets/,/^## Against/p' "$root/bench.md" | sed '$d'

