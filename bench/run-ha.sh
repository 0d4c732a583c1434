#!/usr/bin/env bash
# HA pair benchmark (issue 17; a benchmark, not a timed test): plays the lab's ha scenario
# (flywall lab run examples/ha-primary.hcl --peer examples/ha-secondary.hcl) ROUNDS times, each in
# a fresh lab, and prints per round and in summary (min, median, max) the LAN client's ping outage
# and the TCP sessions kept of those held, for: the master crashing (frozen, links down, killed),
# the master rebooting and taking the addresses back (preempt, preempt_delay 2s), and a WAN failover
# on the master (its primary ISP breaks while the pair is healthy: those sessions die with the
# ISP's NAT and come back through the other). Targets: outage <= 1.5 s with sub-second adverts
# (200 ms here), 100 % of the sessions kept across a switch.
#   Usage: sudo bench/run-ha.sh [ROUNDS]     (default 3; needs keepalived and conntrackd)
# The full output of each round is kept in a temporary directory, named at the end.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

rounds=${1:-3}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "run-ha: ROUNDS must be a positive number" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "run-ha: needs root (the lab creates network namespaces)" >&2; exit 2; }
logs=$(mktemp -d)
name=fwbenchha

phases=("master killed" "master back" "WAN failover on the master")
for ((r = 1; r <= rounds; r++)); do
  log=$logs/round-$r.txt
  if ! ./flywall lab run examples/ha-primary.hcl --peer examples/ha-secondary.hcl --name "$name" >"$log" 2>&1; then
    echo "round $r: the scenario failed (see $log):" >&2
    tail -5 "$log" >&2
  fi
  for phase in "${phases[@]}"; do
    # "<phase>: the LAN client's pings saw an outage of N ms; sessions kept K of H"
    line=$(grep -m1 -F "$phase: the LAN client's pings saw an outage of" "$log" || true)
    if [[ $line =~ outage\ of\ ([0-9]+)\ ms\;\ sessions\ kept\ ([0-9]+)\ of\ ([0-9]+) ]]; then
      printf 'round %d  %-27s outage %5d ms  sessions kept %2d/%d\n' "$r" "$phase" \
        "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
      printf '%s\t%s\t%s\t%s\n' "$phase" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" \
        >>"$logs/figures.tsv"
    else
      printf 'round %d  %-27s not measured\n' "$r" "$phase"
    fi
  done
done

echo
echo "Over $rounds rounds (min / median / max outage; sessions kept in total):"
for phase in "${phases[@]}"; do
  # mawk has no sort of its own: the outages sorted first, then min / median / max and the sums
  awk -F '\t' -v p="$phase" '$1 == p { print $2 "\t" $3 "\t" $4 }' "$logs/figures.tsv" 2>/dev/null \
    | sort -n \
    | awk -F '\t' -v p="$phase" '
      { o[++n] = $1; kept += $2; held += $3 }
      END {
        if (n == 0) { printf "  %-27s no figures\n", p; exit }
        m = (n % 2) ? o[(n + 1) / 2] : (o[n / 2] + o[n / 2 + 1]) / 2
        printf "  %-27s outage %5d / %5d / %5d ms   sessions kept %d/%d (%.0f %%)\n", p, o[1], m, o[n], kept, held, 100 * kept / held
      }'
done
echo "Each round's output: $logs"
