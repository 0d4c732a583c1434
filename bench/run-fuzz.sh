#!/usr/bin/env bash
# Fuzzing run: runs each Jazzer fuzz target of compiler/src/test/java/dev/flywall/fuzz/CompilerFuzzTest
# in fuzzing mode (JAZZER_FUZZ=1) for SECONDS (default 60) and prints what Jazzer reports: the
# executions, executions per second, coverage and corpus size at the end, and any crash input.
#
# Usage: bench/run-fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  fuzzing time per target (default 60); a longer run, e.g. 3600, is described in
#            bench/FUZZING.md
#   TARGET   compileNeverThrows, formatNeverThrowsAndIsIdempotent, structuredConfigCompiles
#            (default: all three, one after the other: Jazzer fuzzes one target per JVM)
# Environment: MVN_FLAGS (e.g. -o to build offline), JAVA_HOME (a JDK 21 or newer).
#
# Each target starts from its seed corpus in
# compiler/src/test/resources/dev/flywall/fuzz/CompilerFuzzTestInputs/TARGET/ (plus the examples,
# copied there at build time) and from what earlier runs kept in compiler/.cifuzz-corpus/ (ignored
# by git). A finding stops that target; Jazzer writes the input as crash-<sha1> into the seed
# directory above, where a plain `mvn verify` replays it from then on: fix the bug, keep the file.
# The full Maven/Jazzer output of each target is kept in compiler/target/fuzz-TARGET.log.
#
# Exits 1 if any target found a crash or failed, 0 otherwise.
set -euo pipefail

readonly ALL_TARGETS=(compileNeverThrows formatNeverThrowsAndIsIdempotent structuredConfigCompiles)
root=$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")
inputs=$root/compiler/src/test/resources/dev/flywall/fuzz/CompilerFuzzTestInputs

seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "run-fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 2; }
shift || true
targets=("$@")
((${#targets[@]})) || targets=("${ALL_TARGETS[@]}")

# the JDK ./flywall and ./run-tests use (scripts/java-env.sh)
# shellcheck source=../scripts/java-env.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../scripts/java-env.sh"
flywall_find_java jdk || { echo "run-fuzz: needs a JDK >= $FLYWALL_MIN_JAVA: $FLYWALL_JAVA_SEEN" >&2; exit 2; }
export JAVA_HOME=$FLYWALL_JAVA_HOME
# Maven 3 uses sun.misc.Unsafe, which JDK 24+ warns about on every run.
export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}"

status=0
for target in "${targets[@]}"; do
  log=$root/compiler/target/fuzz-$target.log
  mkdir -p "$root/compiler/target"
  before=$(find "$inputs/$target" -maxdepth 1 -name 'crash-*' 2>/dev/null | sort)
  printf 'run-fuzz: %s for %ss (log: %s)\n' "$target" "$seconds" "${log#"$root"/}" >&2
  # -Djazzer.hooks=true: the compiler pom turns Jazzer's instrumentation off for the plain build's
  # regression mode; fuzzing needs it (it is the coverage feedback). jazzer.max_duration overrides
  # @FuzzTest(maxDuration). EnableDynamicAgentLoading: Jazzer attaches its agent at run time.
  set +e
  (cd "$root" && JAZZER_FUZZ=1 mvn -B ${MVN_FLAGS:-} -pl compiler -am test \
      -Dtest="CompilerFuzzTest#$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.hooks=true -Djazzer.max_duration="${seconds}s" \
      -DargLine='-XX:+EnableDynamicAgentLoading -XX:-OmitStackTraceInFastThrow') >"$log" 2>&1
  rc=$?
  set -e
  done_line=$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
  runs_line=$(grep -aE '^Done [0-9]+ runs in' "$log" | tail -n 1 || true)
  printf '%-34s %s\n' "$target:" "${done_line:-no DONE line (did fuzzing start? see the log)}"
  [[ -n $runs_line ]] && printf '%-34s %s\n' '' "$runs_line"
  after=$(find "$inputs/$target" -maxdepth 1 -name 'crash-*' 2>/dev/null | sort)
  new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed '/^$/d')
  if [[ -n $new ]]; then
    status=1
    printf '%-34s new crash input(s):\n' ''
    printf '%s\n' "$new" | sed "s|^$root/|    |"
    grep -aE '^== Java Exception|^java\.|^Caused by|AssertionError' "$log" | head -n 5 | sed 's/^/    /'
  elif ((rc != 0)); then
    status=1
    printf '%-34s Maven exited with %d (see the log)\n' '' "$rc"
  fi
done
exit "$status"
