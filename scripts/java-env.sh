# shellcheck shell=bash
# Finding a Java >= 21: sourced by ./flywall, ./run-tests and scripts/install-deps, so all three
# pick the same one. Defines functions and two variables; changes nothing else.
#
# Looked at, in this order: $JAVA_HOME, the `java` on PATH, the newest Java under /usr/lib/jvm
# (FLYWALL_JVM_DIR replaces that directory, e.g. with an empty one to try the "no JDK" path).
#
#   flywall_find_java [java|jdk]   sets FLYWALL_JAVA_HOME to the first Java >= 21 found (with
#                                  "jdk": one that also has javac) and returns 0; or returns 1
#                                  with FLYWALL_JAVA_SEEN saying what it found instead
#   flywall_java_major HOME        prints HOME's major version (8, 17, 21, 25…), or nothing

FLYWALL_MIN_JAVA=21
FLYWALL_JAVA_HOME=''
FLYWALL_JAVA_SEEN=''

flywall_java_major() {
  local home=$1 version=''
  [[ -x $home/bin/java ]] || return 0
  if [[ -r $home/release ]]; then # read in bash: the launcher runs this on every command
    local line
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"([^\"]*)\" ]]; then version=${BASH_REMATCH[1]}; break; fi
    done <"$home/release"
  fi
  if [[ -z $version ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  version=${version#1.} # 1.8.0_392 -> 8.0_392
  version=${version%%[!0-9]*}
  [[ -n $version ]] && printf '%s\n' "$version"
  return 0
}

# True when HOME is a Java >= FLYWALL_MIN_JAVA (with KIND=jdk: a JDK, i.e. it has javac).
flywall_java_fits() { # home kind
  local major
  [[ $2 != jdk || -x $1/bin/javac ]] || return 1
  major=$(flywall_java_major "$1")
  [[ -n $major ]] && ((major >= FLYWALL_MIN_JAVA))
}

flywall_find_java() { # [java|jdk]
  local kind=${1:-java} home candidate major best='' best_major=0 seen=()
  FLYWALL_JAVA_HOME=''
  FLYWALL_JAVA_SEEN=''
  if [[ -n ${JAVA_HOME:-} ]]; then
    if flywall_java_fits "$JAVA_HOME" "$kind"; then FLYWALL_JAVA_HOME=$JAVA_HOME; return 0; fi
    major=$(flywall_java_major "$JAVA_HOME")
    seen+=("JAVA_HOME=$JAVA_HOME (${major:+Java $major}${major:-no bin/java})")
  fi
  if candidate=$(command -v java); then
    home=$(readlink -f "$candidate")
    home=${home%/bin/java}
    if flywall_java_fits "$home" "$kind"; then FLYWALL_JAVA_HOME=$home; return 0; fi
    seen+=("java on PATH is $home (Java $(flywall_java_major "$home"))")
  fi
  local dir=${FLYWALL_JVM_DIR:-/usr/lib/jvm}
  for home in "$dir"/*/; do
    home=${home%/}
    [[ -d $home ]] || continue
    flywall_java_fits "$home" "$kind" || continue
    major=$(flywall_java_major "$home")
    if ((major > best_major)); then best=$home; best_major=$major; fi
  done
  if [[ -n $best ]]; then FLYWALL_JAVA_HOME=$best; return 0; fi
  local label=Java; [[ $kind == jdk ]] && label=JDK
  seen+=("no $label >= $FLYWALL_MIN_JAVA in $dir")
  local IFS=';'
  FLYWALL_JAVA_SEEN="${seen[*]}"
  FLYWALL_JAVA_SEEN=${FLYWALL_JAVA_SEEN//;/; }
  return 1
}
