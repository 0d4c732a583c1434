#!/usr/bin/env bash
# Start-up benchmark of the flywall command line (a benchmark, not a timed test): runs each
# short command N times through the ./flywall launcher and prints the median CPU time
# (user+sys, of the launcher and everything it runs) and wall time, and their ratio to
# `java -version` on the same JDK. Target (issue 14): CPU ratio <= 4 for every command.
# `wan status` is measured twice: without a daemon, and against a stand-in of the daemon's API
# (dev.flywall.cli.StartupTraining --serve), which is what an operator runs during an outage.
#   Usage: bench/run-startup.sh [RUNS]     (default 10; builds the jar only if it is missing)
# The JDK is the launcher's first choice: $JAVA_HOME, else java on PATH.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

runs=${1:-10}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run-startup: RUNS must be a positive number" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run-startup: needs GNU time (apt-get install time)" >&2; exit 2; }
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
  java=$JAVA_HOME/bin/java
else
  java=$(command -v java) || { echo "run-startup: no java (set JAVA_HOME)" >&2; exit 2; }
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# the first run builds the jar (when missing) and, with it, anything the launcher caches
./flywall version >/dev/null

# a stand-in daemon API for `wan status` (dev.flywall.cli.StartupTraining --serve prints its port)
"$java" -cp cli/target/flywall.jar dev.flywall.cli.StartupTraining --serve >"$scratch/port" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do [[ -s $scratch/port ]] && break; sleep 0.1; done
port=$(<"$scratch/port")
[[ $port =~ ^[0-9]+$ ]] || { echo "run-startup: the stand-in daemon API did not start" >&2; exit 1; }

# median of the numbers on stdin
median() { sort -g | awk '{v[NR] = $1} END {m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2}'; }

# measure NAME COMMAND...: prints "NAME cpu wall" (medians, seconds)
measure() {
  local name=$1 i
  shift
  : >"$scratch/times"
  for ((i = 0; i < runs; i++)); do
    # exit codes are part of what is measured (wan status exits 3 without a daemon): ignore them
    /usr/bin/time -a -o "$scratch/times" -f '%U %S %e' "$@" >/dev/null 2>&1 || true
  done
  # time also writes "Command exited with non-zero status N" lines: only the figures count
  printf '%s %s %s\n' "$name" \
    "$(awk '/^[0-9]/ {print $1 + $2}' "$scratch/times" | median)" \
    "$(awk '/^[0-9]/ {print $3}' "$scratch/times" | median)"
}

{
  measure "java -version" "$java" -version
  measure "flywall version" ./flywall version
  measure "flywall lint" ./flywall lint examples/dual-wan.hcl
  measure "flywall fmt --check" ./flywall fmt --check examples/dual-wan.hcl
  # no daemon: an empty state directory and a port nothing listens on
  measure "flywall wan status" ./flywall wan status --state-dir "$scratch" --api 127.0.0.1:1
  # a daemon answering (the stand-in API the start-up training uses): what an operator sees
  measure "wan status (daemon up)" ./flywall wan status --api "http://127.0.0.1:$port"
} >"$scratch/results"

echo "flywall start-up, median of $runs runs ($("$java" -version 2>&1 | head -1); load average$(uptime | sed "s/.*load average//"))"
awk 'NR == 1 {cpu0 = $(NF - 1); wall0 = $NF}
  {
    name = $1; for (i = 2; i <= NF - 2; i++) name = name " " $i
    printf "%-22s %8.2f %8.2f %9.1fx %9.1fx\n", name, $(NF - 1), $NF, $(NF - 1) / cpu0, $NF / wall0
  }' "$scratch/results" | { printf '%-22s %8s %8s %10s %10s\n' command "cpu s" "wall s" "cpu ratio" "wall ratio"; cat; }
