#!/usr/bin/env bash
# Submits a sweep (rnnzoo sweep create) as a Slurm job array of scripts/slurm/sweep.sbatch: one task per run that is
# not done yet (pending or failed; --all: every run of the manifest, 0..N-1), at most K at once, C CPUs each.
# Prints the job id. Run it again after a cancelled or failed task: it submits what is left.
# Usage: scripts/slurm/submit.sh DIR [--max-parallel K] [--cpus-per-task C] [--data-dir D] [--all] [-- SBATCH OPTION ...]
# The rnnzoo the nodes run: $RNNZOO if set, else rnnzoo on PATH, else this checkout's Release build (built if needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir=""; parallel=""; cpus=1; data=""; which=pending; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --max-parallel) parallel="$2"; shift 2 ;;
    --cpus-per-task) cpus="$2"; shift 2 ;;
    --data-dir) data="$(cd "$2" && pwd)"; shift 2 ;;
    --all) which=all; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    -*) echo "submit.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$dir" ] || { echo "submit.sh: one sweep folder, not '$dir' and '$1'" >&2; exit 2; }; dir="$1"; shift ;;
  esac
done
[ -n "$dir" ] || { sed -n '5p' "$0" >&2; exit 2; }
[ -f "$dir/sweep.json" ] || { echo "submit.sh: '$dir' is not a sweep folder (no sweep.json); make one with 'rnnzoo sweep create'" >&2; exit 2; }
dir="$(cd "$dir" && pwd)"

if [ -z "${RNNZOO:-}" ]; then
  if command -v rnnzoo >/dev/null; then RNNZOO=rnnzoo
  else
    dll="$root/Experiments/bin/Release/net10.0/rnnzoo.dll"
    [ -f "$dll" ] || dotnet build -c Release "$root/Experiments" -v quiet -nologo >&2
    RNNZOO="dotnet $dll"
  fi
fi
read -r -a rnnzoo <<< "$RNNZOO"

# The array: the manifest's runs that are not done (from sweep.json and the run folders), as Slurm writes lists.
spec="$("${rnnzoo[@]}" sweep status "$dir" --array "$which")"
if [ -z "$spec" ]; then echo "submit.sh: every run of $dir is done or running; nothing to submit" >&2; exit 0; fi
array="$spec${parallel:+%$parallel}"
mkdir -p "$dir/logs"
job="$(SWEEP_DIR="$dir" RNNZOO="$RNNZOO" DATA_DIR="$data" sbatch --parsable --array="$array" --cpus-per-task="$cpus" \
  --output="$dir/logs/%A_%a.out" "${extra[@]}" "$root/scripts/slurm/sweep.sbatch")"
count="$(echo "$spec" | tr ',' '\n' | awk -F- '{ n += (NF == 2 ? $2 - $1 + 1 : 1) } END { print n }')"
echo "submitted job $job: array $array ($count of the sweep's runs), $cpus CPU(s) per task, logs in $dir/logs" >&2
echo "$job"
