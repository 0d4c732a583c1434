#!/usr/bin/env bash
# The local API under an idle-connection flood, measured on the real daemon in a lab (needs root,
# nft, ip, conntrack, python3): the lab of cli/src/test/resources/lab/fast.hcl (probes every
# 200 ms), then CONNECTIONS connections to the daemon's API from inside the gateway, each sending
# half a request and waiting. Printed: the daemon's RSS before and during the flood, how long
# `flywall wan status` takes during it (a whole CLI run, JVM start included), and whether the daemon kept probing (its probe counter at
# the ISP goes on rising).
#
# usage: sudo bench/run-api-flood.sh [CONNECTIONS]      (default 2000)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

connections=${1:-2000}
((EUID == 0)) || { echo "run-api-flood.sh: needs root (network namespaces)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run-api-flood.sh: needs python3 for the flood client" >&2; exit 2; }

name=fwflood$$
dir=/run/flywall-lab/$name
flood_pid=''
cleanup() {
  [[ -n $flood_pid ]] && kill "$flood_pid" 2>/dev/null || true
  ./flywall lab down --name "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT

./flywall lab up cli/src/test/resources/lab/fast.hcl --name "$name" >/dev/null
sleep 5
daemon=$(tail -n 1 "$dir/pids")
# the lab starts the daemon through ip netns exec: its java process is the newest descendant
java_pid=$(pgrep -n -f "run --state-dir $dir/state" || echo "$daemon")
rss() { ps -o rss= -p "$java_pid" | awk '{ printf "%.0f MB", $1 / 1024 }'; }
probes() { ip netns exec "$name-isp-eth0" nft list counter inet lab probes_in | awk '/packets/ { print $2 }'; }

status_time() {
  local start end
  start=$(date +%s%N)
  ip netns exec "$name-gw" ./flywall wan status --state-dir "$dir/state" >/dev/null
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) ms"
}

echo "daemon pid $java_pid, RSS before the flood: $(rss); wan status: $(status_time)"
ip netns exec "$name-gw" python3 - "$connections" <<'EOF' &
import socket, sys, time
held = []
for _ in range(int(sys.argv[1])):
    try:
        s = socket.create_connection(("127.0.0.1", 8080), timeout=2)
        s.sendall(b"GET /api/wan/status HTTP/1.1\r\nHost: x\r\n")  # half a request, never finished
        held.append(s)
    except OSError:
        pass
time.sleep(60)
EOF
flood_pid=$!
sleep 10
before=$(probes)
echo "during the flood of $connections idle connections: RSS $(rss); wan status: $(status_time), $(status_time), $(status_time)"
sleep 5
after=$(probes)
echo "eth0's ISP received $((after - before)) probe packets in 5 s during the flood (2 targets every 200 ms: at least 50 echo requests expected)"
echo "RSS at the end: $(rss)"
