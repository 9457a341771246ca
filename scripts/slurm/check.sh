#!/usr/bin/env bash
# The single-node Slurm check of sweeps (needs root and a few minutes; not in CI). On this machine it:
#   1. brings up a local cluster (local-cluster.sh up),
#   2. creates a sweep of seed003-wuv-rnn: 4 seeds x 2 learning rates, quick profile (its data; --epochs, default 10,
#      so that a task can be caught mid-run),
#   3. submits it as a job array (submit.sh, 2 tasks at once, 1 CPU each),
#   4. cancels one task mid-run with scancel (SIGTERM: the run writes a checkpoint, the task ends with 130),
#   5. waits for the array, resubmits what is not done (the cancelled run, which resumes from its checkpoint),
#   6. ends with all 8 runs done and the aggregate table (rnnzoo results), then brings the cluster down.
# Every command and its output is printed: that is the check's transcript.
# Usage: scripts/slurm/check.sh [--out DIR] [--epochs N] [--keep-cluster]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out=/tmp/rnnzoo-slurm-check; epochs=10; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --keep-cluster) keep=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "check.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
step() { echo; echo "### $*"; }
show() { echo "\$ $*" >&2; "$@"; }
slurm="$root/scripts/slurm"
finish() { [ "$keep" = 1 ] || { step "bring the cluster down"; show "$slurm/local-cluster.sh" down; }; }
trap finish EXIT

step "a single-node Slurm cluster"
show "$slurm/local-cluster.sh" up
show sinfo

step "rnnzoo (Release)"
dotnet build -c Release "$root/Experiments" -v quiet -nologo | grep -E "error|Warn" || true
export RNNZOO="dotnet $root/Experiments/bin/Release/net10.0/rnnzoo.dll"
read -r -a rnnzoo <<< "$RNNZOO"

step "the sweep: 4 seeds x 2 learning rates"
rm -rf "$out"
show "${rnnzoo[@]}" sweep create seed003-wuv-rnn --seeds 0-3 --grid training.optimizer.learning_rate=0.01,0.001 --profile quick --epochs "$epochs" --out "$out"

step "submit it as a job array, 2 tasks at once"
job="$(show "$slurm/submit.sh" "$out" --max-parallel 2 | tail -1)"
echo "job $job"
show squeue

step "cancel one task mid-run"
victim=""
for _ in $(seq 600); do
  # A task that is running and has trained an epoch or more, and will train more.
  for log in "$out"/logs/"${job}"_*.out; do
    [ -f "$log" ] || continue
    task="${log##*_}"; task="${task%.out}"
    epochs_done=$(grep -c '^epoch [0-9]*/' "$log" || true)
    if [ "$epochs_done" -ge 2 ] && [ "$epochs_done" -lt "$((epochs - 1))" ] && squeue -h -j "${job}_${task}" -t R | grep -q .; then victim="$task"; break 2; fi
  done
  sleep 0.2
done
[ -n "$victim" ] || { echo "check.sh: no task was caught mid-run (try a larger --epochs)" >&2; exit 1; }
show squeue
show scancel "${job}_${victim}"
for _ in $(seq 120); do squeue -h -j "${job}_${victim}" | grep -q . || break; sleep 0.5; done
echo "\$ tail -4 $out/logs/${job}_${victim}.out"; tail -4 "$out/logs/${job}_${victim}.out"
echo "\$ grep 'ArrayJobId=$job ArrayTaskId=$victim ' /var/log/slurm/jobcomp.log   (the task's end as Slurm recorded it)"
grep -E "ArrayJobId=$job ArrayTaskId=$victim( |\$)" /var/log/slurm/jobcomp.log || true
show "${rnnzoo[@]}" sweep status "$out"

step "wait for the rest of the array"
while squeue -h -j "$job" | grep -q .; do sleep 2; done
show "${rnnzoo[@]}" sweep status "$out"

step "resubmit what is not done"
job2="$(show "$slurm/submit.sh" "$out" --max-parallel 2 | tail -1)"
while squeue -h -j "$job2" | grep -q .; do sleep 2; done
for log in "$out"/logs/"${job2}"_*.out; do
  echo "\$ grep -E 'note|== run|sweep run' $log"; grep -E 'note|== run|sweep run' "$log"
done
show "${rnnzoo[@]}" sweep status "$out"
run_folder="$(ls -d "$out"/runs/"$(printf '%03d' "$victim")"-*)"
echo "epochs in the resumed run's metrics.jsonl: $(grep -c '^{"epoch"' "$run_folder/metrics.jsonl") (of $epochs)"

step "the aggregate table"
show "${rnnzoo[@]}" results "$out" --out "$out/results.md"
sed -n '/^## Over seeds/,$p' "$out/results.md"
done_count="$("${rnnzoo[@]}" sweep status "$out" | head -1 | sed -E 's/.*: ([0-9]+) done.*/\1/')"
[ "$done_count" = 8 ] || { echo "check.sh: $done_count of 8 runs done" >&2; exit 1; }
echo; echo "check passed: all 8 runs done; $out/results.md, $out/results.json, $out/spread-quick-test-mse.png"
