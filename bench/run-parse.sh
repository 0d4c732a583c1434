#!/usr/bin/env bash
# Parse benchmark: builds bench/target/benchmarks.jar (JMH) and measures, on generated
# flywall configurations of 1,000 / 5,000 / 20,000 top-level blocks (~200 bytes each):
#   ours parse only, ours parse + evaluate, Jackson reading the same content as HCL JSON,
#   and hcl4j (1,000 and 5,000 blocks only: it is quadratic).
# Then prints a summary: the figures, the ratios to Jackson and ms per 1,000 blocks.
#
# Usage: bench/run-parse.sh [--no-build] [--stages] [--quick] [-- extra JMH options]
#   --no-build  use the existing bench/target/benchmarks.jar
#   --stages    also run ParseStagesBenchmark (where our time goes, at 5,000 blocks)
#   --quick     shorter runs (1 warmup, 2 measurements of 1 s): rough figures in about 4 minutes
#   after --    options passed to JMH, e.g. -- -prof gc   or   -- -p blocks=5000
#               or, to see how much of our time is GC:
#               -- -jvmArgsAppend '-Xms2g -Xmx2g -XX:+UseParallelGC'  (replaces the default below)
#
# The summary shows, per figure, the median [min–max] of the measurement iterations (robust
# against other load on the machine; JMH's mean ± error is in its own table above it), and the
# process CPU time per parse. The forks run with -Xms2g -Xmx2g and the JVM's default GC (G1
# on a machine with 2+ cores and 2+ GB), as under the ./flywall launcher.
#
# Takes about 6–7 minutes on 2 cores (about 10 with --stages), mostly hcl4j at 5,000 blocks.
# JMH's JSON results are kept in bench/target/parse-results.json, CPU time per operation in
# bench/target/parse-cpu.jsonl.
#
# Java is looked for as by ./flywall: $JAVA_HOME, `java` on PATH, the newest JDK under
# /usr/lib/jvm; it must be 21 or newer.
set -euo pipefail

die() { # exit-code message
  printf 'run-parse: %s\n' "$2" >&2
  exit "$1"
}

# the JDK ./flywall and ./run-tests use (scripts/java-env.sh)
# shellcheck source=../scripts/java-env.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../scripts/java-env.sh"

# Sets java_home to a JDK >= 21 (with javac, to build), or dies naming what it found.
find_java() {
  flywall_find_java jdk || die 2 "needs a JDK $FLYWALL_MIN_JAVA or newer, found: $FLYWALL_JAVA_SEEN; install one or set JAVA_HOME"
  java_home=$FLYWALL_JAVA_HOME
}

build() {
  local major maven_opts=${MAVEN_OPTS:-} output
  command -v mvn >/dev/null || die 2 "mvn (Maven) is not installed"
  [[ -x $java_home/bin/javac ]] || die 2 "$java_home is not a JDK (no javac)"
  major=$(flywall_java_major "$java_home")
  # Maven 3 uses sun.misc.Unsafe, which JDK 24+ warns about.
  ((major >= 24)) && maven_opts="--sun-misc-unsafe-memory-access=allow${maven_opts:+ $maven_opts}"
  printf 'run-parse: building bench/target/benchmarks.jar with %s…\n' "$java_home" >&2
  # -pl bench -am: only the modules the benchmarks need (grammar, compiler, bench)
  if ! output=$(cd "$root" && JAVA_HOME=$java_home MAVEN_OPTS=$maven_opts \
      mvn -B -q -P bench -DskipTests package -pl bench -am 2>&1); then
    printf '%s\n' "$output" >&2
    die 1 "the build failed (output above)"
  fi
}

root=$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")
jar=$root/bench/target/benchmarks.jar
results=$root/bench/target/parse-results.json
cpu_results=$root/bench/target/parse-cpu.jsonl
do_build=1 stages=0 quick=()
while (($#)); do
  case $1 in
    --no-build) do_build=0 ;;
    --stages) stages=1 ;;
    --quick) quick=(-wi 1 -w 1s -i 2 -r 1s) ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die 2 "unknown option $1 (see --help)" ;;
  esac
  shift
done

java_home=''
find_java
((do_build)) && build
[[ -f $jar ]] || die 1 "$jar is missing (run without --no-build)"

pattern='dev\.flywall\.bench\.(ParseBenchmark|Hcl4jBenchmark)\.'
((stages)) && pattern='dev\.flywall\.bench\.(ParseBenchmark|Hcl4jBenchmark|ParseStagesBenchmark)\.'

# Other work on the machine makes the figures noisy: say how busy it was.
load() { [[ -r /proc/loadavg ]] && cut -d' ' -f1 /proc/loadavg || echo '?'; }
load_before=$(load)

rm -f "$cpu_results"
# JMH hands the -D option on to its forked JVMs, where CpuMeter writes CPU time per operation
"$java_home/bin/java" -Dflywall.bench.cpuFile="$cpu_results" -jar "$jar" "$pattern" "${quick[@]}" \
  -rf json -rff "$results" "$@"
"$java_home/bin/java" -cp "$jar" dev.flywall.bench.Summary "$results" "$cpu_results"
printf '\nload average (1 min) before/after: %s / %s on %s cores; above the core count, figures are noisy\n' \
  "$load_before" "$(load)" "$(nproc 2>/dev/null || echo '?')"
