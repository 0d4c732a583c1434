#!/usr/bin/env bash
# The daemon's figures, measured in network namespaces (needs root, nft, ip, conntrack, ping):
#   steady state: RSS and CPU of `flywall run` probing 20 times a second (2 uplinks x 2 targets
#                 every 200 ms), and the processes it started (counted in its own PID namespace);
#   failovers:    N times, the primary ISP starts dropping everything (link up); printed per run:
#                 detection (break -> failover event), switch_ms (last failed probe round ->
#                 switched chains + flushed conntrack) and the outage a LAN client pinging
#                 100 times a second saw (last reply before the break -> first reply after).
#
# Load is printed at the start and the end: the figures are only comparable at similar load.
#
# usage: sudo bench/run-daemon.sh [--minutes M] [--failovers N] [--interval 200ms --timeout 150ms]
# Defaults: 10 minutes, 20 failovers, 200 ms x 3 with a 100 ms timeout. The Flywall defaults:
# --interval 5s --timeout 2s.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

minutes=10 failovers=20 interval=200ms timeout=100ms
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --failovers) failovers=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) echo "usage: $0 [--minutes M] [--failovers N] [--interval D --timeout D]" >&2; exit 2 ;;
  esac
done
((EUID == 0)) || { echo "run-daemon.sh: needs root (network namespaces)" >&2; exit 2; }

p=fwb$$ # namespace prefix: unique per run
gw=$p-gw lan=$p-lan
state=$(mktemp -d -t flywall-bench.XXXXXX)
work=$(mktemp -d -t flywall-bench-out.XXXXXX)
daemon_pid=''
cleanup() {
  if [[ -n $daemon_pid ]]; then
    # unshare --fork ignores SIGTERM while it waits: stop the daemon (its child) instead
    pkill -TERM -P "$daemon_pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  for ns in $p-isp1 $p-isp2 $gw $lan; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$state" "$work"
}
trap cleanup EXIT INT TERM

# --- the lab: two ISPs with two "internet" hosts each, the gateway, a LAN client ---------------
for ns in $p-isp1 $p-isp2 $gw $lan; do ip netns add "$ns"; done
ip link add wan1 netns "$gw" type veth peer name eth0 netns $p-isp1
ip link add wan2 netns "$gw" type veth peer name eth0 netns $p-isp2
ip link add lan netns "$gw" type veth peer name eth0 netns "$lan"
for i in 1 2; do
  ip -n $p-isp$i -batch - <<EOF
link set lo up
link set eth0 up
addr add 198.51.100.$((4 * i - 3))/30 dev eth0
addr add 203.0.113.1/32 dev lo
addr add 203.0.113.2/32 dev lo
EOF
  ip netns exec $p-isp$i sysctl -qw net.ipv4.conf.all.arp_ignore=1
  ip netns exec $p-isp$i nft -f - <<'EOF'
table inet isp {
  counter echo_in { }
  chain in { type filter hook input priority 0; policy accept;
    icmp type echo-request counter name echo_in
  }
}
EOF
done
ip -n "$lan" -batch - <<'EOF'
link set lo up
link set eth0 up
addr add 192.0.2.10/24 dev eth0
route add default via 192.0.2.1
EOF
ip netns exec "$gw" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
ip -n "$gw" -batch - <<'EOF'
link set lo up
link set wan1 up
link set wan2 up
link set lan up
addr add 198.51.100.2/30 dev wan1
addr add 198.51.100.6/30 dev wan2
addr add 192.0.2.1/24 dev lan
route add default via 198.51.100.5 dev wan2
EOF
# (the main table prefers wan2 on purpose: probes must still leave through their own uplink)

./flywall apply bench/daemon/lab.hcl --var "interval=$interval" --var "timeout=$timeout" \
  --netns "$gw" --state-dir "$state" >"$work/apply.log" 2>&1 || { cat "$work/apply.log"; exit 1; }

# The daemon in its own PID namespace: the last PID handed out there counts every process it
# started (nft, ip, conntrack; probes start none).
unshare --pid --fork --kill-child --mount-proc ip netns exec "$gw" ./flywall run --state-dir "$state" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
java_pid=''
for _ in $(seq 100); do
  java_pid=$(pgrep -P "$daemon_pid" -f 'flywall.jar' || true)
  [[ -z $java_pid ]] && java_pid=$(pgrep -f "run --state-dir $state" | grep -v "^$daemon_pid$" | tail -n 1 || true)
  [[ -n $java_pid ]] && grep -q 'API on' "$work/daemon.log" && break
  sleep 0.2
done
[[ -n $java_pid ]] || { echo "the daemon did not start:"; cat "$work/daemon.log"; exit 1; }
wan() { ip netns exec "$gw" ./flywall wan "$@" --state-dir "$state"; }
last_pid() { nsenter -t "$java_pid" -p -m cat /proc/loadavg | awk '{ split($5, a, "/"); print a[1] }'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$java_pid/stat"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$java_pid/status"; }
hz=$(getconf CLK_TCK)

sleep 3
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
wan status
echo
echo "== steady state: $minutes min at interval $interval (2 uplinks x 2 targets)"
pids0=$(last_pid) ticks0=$(ticks) sent0=$(wan status --json | jq '[.uplinks[].probes_sent] | add') t0=$(date +%s.%N)
max_rss=0
end=$((SECONDS + minutes * 60))
while ((SECONDS < end)); do
  sleep 5
  r=$(rss_kb); ((r > max_rss)) && max_rss=$r
done
pids1=$(last_pid) ticks1=$(ticks) sent1=$(wan status --json | jq '[.uplinks[].probes_sent] | add') t1=$(date +%s.%N)
awk -v s0="$sent0" -v s1="$sent1" -v t0="$t0" -v t1="$t1" -v k0="$ticks0" -v k1="$ticks1" -v hz="$hz" \
  -v p0="$pids0" -v p1="$pids1" -v rss="$(rss_kb)" -v max="$max_rss" 'BEGIN {
  el = t1 - t0
  printf "probes: %d in %.0f s = %.1f/s; processes started: %d (%.4f per probe)\n", s1 - s0, el, (s1 - s0) / el, p1 - p0 - 1, (p1 - p0 - 1) / (s1 - s0)
  printf "CPU: %.2f%% of one core; RSS now %.0f MB, max %.0f MB\n", 100 * (k1 - k0) / hz / el, rss / 1024, max / 1024
}'
awk '/^Anonymous:/ { a = $2 } /^Rss:/ { r = $2 } END { printf "RSS by kind: anonymous %.1f MB (heap, metaspace, stacks, malloc), file-backed %.1f MB (libjvm, CDS archive, jars)\n", a / 1024, (r - a) / 1024 }' "/proc/$java_pid/smaps_rollup"
# the long-running helpers the daemon keeps (nft monitor, ip monitor, an nft session, a spare conntrack)
helpers=$(pgrep -P "$java_pid" | tr '\n' ' ')
if [[ -n $helpers ]]; then
  echo "helper processes: $(ps -o comm= --ppid "$java_pid" | sort | uniq -c | awk '{ printf "%s%s x%d", (NR > 1 ? ", " : ""), $2, $1 }'); RSS $(for h in $helpers; do awk '/^VmRSS/ { print $2 }' "/proc/$h/status" 2>/dev/null; done | awk '{ s += $1 } END { printf "%.1f", s / 1024 }') MB in all"
fi
echo "(the process count includes one nsenter per reading and the periodic carrier re-reads: 2 ip per uplink every 15 s)"

echo
echo "== $failovers failovers at interval $interval x threshold_down 3"
printf '%-4s %12s %10s %12s\n' run detection switch_ms client_outage
for n in $(seq "$failovers"); do
  ip netns exec "$lan" ping -D -n -i 0.01 -W 1 203.0.113.1 >"$work/ping.log" 2>&1 &
  ping_pid=$!
  sleep 1
  brk=$(date +%s.%N)
  ip netns exec $p-isp1 nft add table inet outage '{ chain c { type filter hook prerouting priority -300; policy drop; }; }'
  ok=''
  for _ in $(seq 300); do
    ev=$(wan history --since 1m --json | jq -c '[.events[] | select(.kind == "failover")][0] // empty')
    if [[ -n $ev ]] && [[ $(date -d "$(jq -r .at <<<"$ev")" +%s.%N) > $brk ]]; then ok=1; break; fi
    sleep 0.1
  done
  sleep 1.5
  kill "$ping_pid" 2>/dev/null; wait "$ping_pid" 2>/dev/null || true
  ip netns exec $p-isp1 nft delete table inet outage
  if [[ -z $ok ]]; then echo "$n: no failover within 30 s"; continue; fi
  at=$(date -d "$(jq -r .at <<<"$ev")" +%s.%N)
  switch=$(jq -r '.details.switch_ms' <<<"$ev")
  # the longest silence between consecutive replies around the break
  outage=$(awk -v b="$brk" '/bytes from/ { gsub(/[\[\]]/, "", $1); t = $1 + 0
      if (t >= b - 0.05 && prev && t - prev > gap) gap = t - prev; prev = t }
    END { printf "%.3f", gap }' "$work/ping.log")
  printf '%-4s %11.3fs %10s %11ss\n' "$n" "$(awk -v a="$at" -v b="$brk" 'BEGIN { print a - b }')" "$switch" "$outage" | tee -a "$work/failovers"
  # failback before the next run
  for _ in $(seq 300); do
    [[ $(wan status --json | jq -r '.groups[0].active[0]') == wan1 ]] && break
    sleep 0.1
  done
  sleep 1
done
median_max() { sort -n | awk '{ v[NR] = $1 } END { printf "median %.3f s, max %.3f s", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR] }'; }
if [[ -s $work/failovers ]]; then
  echo "detection: $(awk '{ print $2 + 0 }' "$work/failovers" | median_max); client outage: $(awk '{ print $4 + 0 }' "$work/failovers" | median_max) ($(wc -l <"$work/failovers") runs)"
  awk '{ print $3 + 0 }' "$work/failovers" | sort -n | awk '{ v[NR] = $1 } END {
    printf "switch_ms: median %.1f, min %.1f, max %.1f\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'
fi
for i in 1 2; do
  echo "isp$i echo requests seen: $(ip netns exec $p-isp$i nft list counter inet isp echo_in | awk '/packets/ { print $2 }')"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
