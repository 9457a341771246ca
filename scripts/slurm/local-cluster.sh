#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying sweeps as job arrays (needs root; not for CI).
#   up:     installs slurm-wlm and munge if missing, writes /etc/slurm/slurm.conf for this machine (one node, `hostname -s`,
#           CPUs=$(nproc)), makes a random /etc/munge/munge.key (owner munge, mode 400), starts munged, slurmctld, slurmd,
#           and waits for the node to be idle.
#   down:   stops them again (scontrol shutdown; munged by its pid file). Configuration and logs stay.
#   status: sinfo and squeue.
# Usage: scripts/slurm/local-cluster.sh up|down|status
set -euo pipefail
action="${1:-}"
node="$(hostname -s)"
conf=/etc/slurm/slurm.conf
run=/run/slurm
munge_pid=/run/munge/munged.pid

need_root() { [ "$(id -u)" = 0 ] || { echo "local-cluster.sh: run it as root (it installs packages and starts daemons)" >&2; exit 2; }; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

up() {
  need_root
  if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    echo "installing slurm-wlm and munge"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
  fi
  mkdir -p /etc/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm "$run" /run/munge /var/log/munge /var/lib/munge
  # The memory Slurm may hand out: 90% of what the machine has (a node claiming more than it has is drained).
  memory=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  cat > "$conf" <<CONF
# Written by scripts/slurm/local-cluster.sh: one node, this machine.
ClusterName=rnnzoo
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# No cgroups here: processes are tracked by their parents, tasks are not bound to CPUs.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# CPUs are what jobs ask for (--cpus-per-task); two one-CPU tasks share a two-core node.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# A line per finished job (its state: COMPLETED, CANCELLED, FAILED), since there is no accounting database.
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
# scancel sends SIGTERM, then SIGKILL after KillWait seconds: time for a run to write its checkpoint.
KillWait=30
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key /run/munge /var/log/munge /var/lib/munge
  chmod 400 /etc/munge/munge.key
  alive "$munge_pid" || munged --force
  alive "$run/slurmctld.pid" || slurmctld
  alive "$run/slurmd.pid" || slurmd
  for _ in $(seq 60); do
    state="$(sinfo -h -n "$node" -o %T 2>/dev/null || true)"
    case "$state" in
      idle*|mixed*|allocated*) echo "slurm is up: node $node, $(nproc) CPUs, ${memory} MB, partition main ($state)"; return 0 ;;
      down*|drain*) scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 1
  done
  echo "local-cluster.sh: the node did not become idle; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
  sinfo -N -l >&2 || true
  exit 1
}

down() {
  need_root
  if alive "$run/slurmctld.pid" || alive "$run/slurmd.pid"; then
    scontrol shutdown >/dev/null 2>&1 || true
    for _ in $(seq 30); do
      alive "$run/slurmctld.pid" || alive "$run/slurmd.pid" || break
      sleep 1
    done
    for daemon in slurmd slurmctld; do
      if alive "$run/$daemon.pid"; then kill "$(cat "$run/$daemon.pid")"; fi
    done
  fi
  if alive "$munge_pid"; then
    kill "$(cat "$munge_pid")"
    for _ in $(seq 10); do alive "$munge_pid" || break; sleep 1; done
  fi
  echo "slurm is down"
}

case "$action" in
  up) up ;;
  down) down ;;
  status) sinfo; squeue ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
