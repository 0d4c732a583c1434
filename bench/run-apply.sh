#!/usr/bin/env bash
# apply / re-apply / plan / destroy of a configuration in a network namespace, timed as an
# operator runs them (the ./flywall launcher, JVM start included). Needs root, nft and ip.
#
# The namespace has a veth per interface of the configuration (named as they are, peers up);
# DHCP/PPPoE uplinks get a lease (an address and a main-table default route), static ones their
# addresses — as ReapplyTest builds it. Each round: apply (from nothing), re-apply (nothing to
# change), plan (nothing to change), destroy. Prints the median
# wall and CPU time of each over N rounds, and of `flywall version` (the JVM's start and the CLI's,
# without any kernel work).
#
# Needs jq besides.
# usage: sudo bench/run-apply.sh [--runs N] [--no-build] [CONFIG]   (default: examples/dual-wan.hcl, 5 runs)
# Target (issue 14): apply <= 2 s.
# Measured on 2 shared cores (load average 8-9), 3 runs, median wall / CPU ms, before -> after the
# Applier work (processes an apply starts: 43 -> 8 with the plan cached, 17 without; re-apply 4):
#   version 1710/1500 -> 2950/1540; apply 6300/4370 -> 4730/3270; re-apply 5480/3310 -> 5650/3220;
#   plan 5130/3300 -> 3870/3000; destroy 2490/1920 -> 2500/1950. What is left is the JVM's start
#   and the compile (`version` alone is 1.5 s of CPU here).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

runs=5 build=1 config=examples/dual-wan.hcl
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -*) echo "usage: $0 [--runs N] [--no-build] [CONFIG]" >&2; exit 2 ;;
    *) config=$1; shift ;;
  esac
done
((EUID == 0)) || { echo "run-apply.sh: needs root (network namespaces)" >&2; exit 2; }
command -v nft >/dev/null || { echo "run-apply.sh: needs nft (Debian package nftables)" >&2; exit 2; }
command -v jq >/dev/null || { echo "run-apply.sh: needs jq (Debian package jq)" >&2; exit 2; }

if ((build)); then
  # the launcher rebuilds a stale jar itself, but not inside the timed runs
  MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" mvn -B -q -pl cli -am package -DskipTests
fi

ns=fwbench-apply-$$
state=$(mktemp -d -t flywall-bench-apply.XXXXXX)
cleanup() {
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT INT TERM

# --- the namespace: the configuration's interfaces, as the compiler sees them ---------------------
./flywall compile --out "$state/bundle" "$config" >/dev/null
ip netns add "$ns"
ip -n "$ns" link set lo up
# uplinks: a lease (dhcp, pppoe) or their static addresses
jq -r '.uplinks | to_entries[] | .key as $i | .value |
  "link add \(.device) type veth peer name peer\($i)", "link set \(.device) up", "link set peer\($i) up",
  (if .addressing == "dhcp" or .addressing == "pppoe"
   then "addr add 192.0.2.\(10 + $i)/24 dev \(.device)",
        "route add default via 192.0.2.1 dev \(.device) metric \(110 + $i) onlink"
   else (.addresses[] | "addr add \(.) dev \(.device) nodad") end)' \
  "$state/bundle/watchdog.json" >"$state/setup.batch"
# the LAN side and any other interface that is no uplink: a veth (the plan needs no address on it)
grep -o 'interface "[^"]*"' "$config" | sed 's/interface "\(.*\)"/\1/' | while read -r dev; do
  if ! grep -q "link add $dev " "$state/setup.batch"; then
    n=$(grep -c '^link add' "$state/setup.batch" || true)
    printf 'link add %s type veth peer name peer%s\nlink set %s up\nlink set peer%s up\n' "$dev" "$n" "$dev" "$n" \
      >>"$state/setup.batch"
  fi
done
ip -n "$ns" -batch "$state/setup.batch"

# --- timing ------------------------------------------------------------------------------------
# Wall time is what the operator waits; CPU time (user + sys of flywall and the nft/ip it starts)
# is what stays comparable when other work shares the machine.
declare -A wall cpu
timed() { # label command...
  if ! /usr/bin/time -f '%e %U %S' -o "$state/time" "${@:2}" >"$state/out" 2>&1; then
    # apply, plan and destroy exit 0 here; anything else is a failure of the benchmark
    echo "run-apply.sh: '$1' failed:" >&2
    cat "$state/out" >&2
    exit 1
  fi
  read -r e u s <"$state/time"
  wall[$1]+="$(awk -v e="$e" 'BEGIN {printf "%d", e * 1000}') "
  cpu[$1]+="$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%d", (u + s) * 1000}') "
}
fw=(./flywall)
common=(--netns "$ns" --state-dir "$state/state")
for ((i = 0; i < runs; i++)); do
  timed version "${fw[@]}" version
  timed apply "${fw[@]}" apply "${common[@]}" "$config"
  timed re-apply "${fw[@]}" apply "${common[@]}" "$config"
  grep -qx 'No changes.' "$state/out" || { echo "run-apply.sh: the re-apply changed something:" >&2; cat "$state/out" >&2; exit 1; }
  timed plan "${fw[@]}" plan --netns "$ns" "$config"
  timed destroy "${fw[@]}" destroy "${common[@]}"
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
printf '%s, %d runs, median ms (load average %s)\n' "$config" "$runs" "$(cut -d' ' -f1 /proc/loadavg)"
printf '  %-9s %6s %6s\n' '' wall cpu
for label in version apply re-apply plan destroy; do
  printf '  %-9s %6d %6d\n' "$label" "$(echo "${wall[$label]}" | median)" "$(echo "${cpu[$label]}" | median)"
done
