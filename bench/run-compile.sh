#!/usr/bin/env bash
# Compile benchmark: 50 WANs, 500 policy routes, 100,000 CIDRs. Prints the in-process compile
# time, the generated rule count (constant in the CIDR count) and, as root with nft installed,
# the time nft takes to check and load the ruleset in a scratch network namespace.
# Targets: compile < 1 s, nft -f < 2 s.   Usage: bench/run-compile.sh [--no-build]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

# the JDK ./flywall and ./run-tests use (scripts/java-env.sh)
# shellcheck source=../scripts/java-env.sh
source scripts/java-env.sh
flywall_find_java jdk || { echo "run-compile: needs a JDK >= $FLYWALL_MIN_JAVA: $FLYWALL_JAVA_SEEN" >&2; exit 2; }
java_home=$FLYWALL_JAVA_HOME

if [[ ${1:-} != --no-build ]]; then
  JAVA_HOME=$java_home MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" \
    mvn -B -q -P bench -DskipTests package
fi
exec "$java_home/bin/java" -Xss64m -cp bench/target/benchmarks.jar dev.flywall.bench.CompileScale
