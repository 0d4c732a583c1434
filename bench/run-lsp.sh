#!/usr/bin/env bash
# Language server benchmark: how soon `flywall lsp` has diagnostics for an edit of a 1,000-line
# configuration (LspDiagnosticsBenchmark: didChange over JSON-RPC until publishDiagnostics, the
# debounce set to 0; and the compiler's front end alone on the same text, for comparison).
# An editor sees diagnostics this long plus the debounce (25 ms) after the last keystroke.
# Target: debounce + editToDiagnostics within 50 ms.
#
# Usage: bench/run-lsp.sh [--no-build] [-- extra JMH options, e.g. -p lines=1000,5000]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

# the JDK ./flywall and ./run-tests use (scripts/java-env.sh)
# shellcheck source=../scripts/java-env.sh
source scripts/java-env.sh
flywall_find_java jdk || { echo "run-lsp: needs a JDK >= $FLYWALL_MIN_JAVA: $FLYWALL_JAVA_SEEN" >&2; exit 2; }
java_home=$FLYWALL_JAVA_HOME

if [[ ${1:-} == --no-build ]]; then
  shift
else
  JAVA_HOME=$java_home MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" \
    mvn -B -q -P bench -DskipTests package
fi
[[ ${1:-} == -- ]] && shift
exec "$java_home/bin/java" -jar bench/target/benchmarks.jar LspDiagnosticsBenchmark \
  -rf json -rff bench/target/lsp-results.json "$@"
