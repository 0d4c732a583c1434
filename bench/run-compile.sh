#!/usr/bin/env bash
# Compile benchmark: 50 WANs, 500 policy routes, 100,000 CIDRs. Prints the in-process compile
# time, the generated rule count (constant in the CIDR count) and, as root with nft installed,
# the time nft takes to check and load the ruleset in a scratch network namespace.
# Targets: compile < 1 s, nft -f < 2 s.   Usage: bench/run-compile.sh [--no-build]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

major() { # java home -> major version, or nothing
  [[ -x $1/bin/java ]] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}
java_home=''
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [[ -n $candidate ]] || continue
  m=$(major "$candidate")
  if [[ -n $m ]] && ((m >= 21)); then java_home=$candidate; [[ $candidate == "${JAVA_HOME:-}" ]] && break; fi
done
[[ -n $java_home ]] || { echo "run-compile: needs a JDK >= 21 (JAVA_HOME or /usr/lib/jvm)" >&2; exit 2; }

if [[ ${1:-} != --no-build ]]; then
  JAVA_HOME=$java_home MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" \
    mvn -B -q -P bench -DskipTests package
fi
exec "$java_home/bin/java" -Xss64m -cp bench/target/benchmarks.jar dev.flywall.bench.CompileScale
