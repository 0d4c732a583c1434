# shellcheck shell=bash
# Finding a Java >= 21: sourced by ./flywall, ./run-tests and scripts/install-deps, so all three
# pick the same one. Defines functions and three variables; changes nothing else.
#
# Looked at, in this order: $JAVA_HOME, the `java` on PATH, the newest Java under /usr/lib/jvm
# (FLYWALL_JVM_DIR replaces that directory, e.g. with an empty one to try the "no JDK" path).
#
#   flywall_find_java [java|jdk]   sets FLYWALL_JAVA_HOME to the first Java >= 21 found (with
#                                  "jdk": one that also has javac) and returns 0; or returns 1
#                                  with FLYWALL_JAVA_SEEN saying what it found instead
#   flywall_java_major HOME        prints HOME's major version (8, 17, 21, 25…), or nothing
#   flywall_java_major_of HOME     the same into FLYWALL_JAVA_MAJOR, without a subshell

FLYWALL_MIN_JAVA=21
FLYWALL_JAVA_HOME=''
FLYWALL_JAVA_SEEN=''
FLYWALL_JAVA_MAJOR=''

flywall_java_major() {
  flywall_java_major_of "$1"
  [[ -n $FLYWALL_JAVA_MAJOR ]] && printf '%s\n' "$FLYWALL_JAVA_MAJOR"
  return 0
}

# Sets FLYWALL_JAVA_MAJOR to HOME's major version, or to '' when HOME has no bin/java. It reads the
# release file in bash and starts no process when there is one: the launcher runs this on every
# command, and each $(…) would fork.
flywall_java_major_of() { # home
  local home=$1 version='' line
  FLYWALL_JAVA_MAJOR=''
  [[ -x $home/bin/java ]] || return 0
  if [[ -r $home/release ]]; then
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"([^\"]*)\" ]]; then version=${BASH_REMATCH[1]}; break; fi
    done <"$home/release"
  fi
  if [[ -z $version ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  version=${version#1.} # 1.8.0_392 -> 8.0_392
  FLYWALL_JAVA_MAJOR=${version%%[!0-9]*}
  return 0
}

# True when HOME is a Java >= FLYWALL_MIN_JAVA (with KIND=jdk: a JDK, i.e. it has javac).
flywall_java_fits() { # home kind
  [[ $2 != jdk || -x $1/bin/javac ]] || return 1
  flywall_java_major_of "$1"
  [[ -n $FLYWALL_JAVA_MAJOR ]] && ((FLYWALL_JAVA_MAJOR >= FLYWALL_MIN_JAVA))
}

# Sets REPLY to where program NAME is on PATH (what `command -v` prints), or returns 1; without
# a subshell.
flywall_on_path() { # name
  local dir IFS=:
  for dir in $PATH; do
    dir=${dir:-.}
    if [[ -f $dir/$1 && -x $dir/$1 ]]; then
      REPLY=$dir/$1
      return 0
    fi
  done
  return 1
}

flywall_find_java() { # [java|jdk]
  local kind=${1:-java} home candidate major best='' best_major=0 seen=()
  FLYWALL_JAVA_HOME=''
  FLYWALL_JAVA_SEEN=''
  if [[ -n ${JAVA_HOME:-} ]]; then
    if flywall_java_fits "$JAVA_HOME" "$kind"; then FLYWALL_JAVA_HOME=$JAVA_HOME; return 0; fi
    flywall_java_major_of "$JAVA_HOME"
    major="Java $FLYWALL_JAVA_MAJOR"
    [[ -n $FLYWALL_JAVA_MAJOR ]] || major='no bin/java'
    seen+=("JAVA_HOME=$JAVA_HOME ($major)")
  fi
  if flywall_on_path java; then
    candidate=$REPLY
    [[ -L $candidate ]] && candidate=$(readlink -f "$candidate") # e.g. /etc/alternatives
    home=$candidate
    home=${home%/bin/java}
    if flywall_java_fits "$home" "$kind"; then FLYWALL_JAVA_HOME=$home; return 0; fi
    flywall_java_major_of "$home"
    seen+=("java on PATH is $home (Java $FLYWALL_JAVA_MAJOR)")
  fi
  local dir=${FLYWALL_JVM_DIR:-/usr/lib/jvm}
  for home in "$dir"/*/; do
    home=${home%/}
    [[ -d $home ]] || continue
    flywall_java_fits "$home" "$kind" || continue # sets FLYWALL_JAVA_MAJOR
    if ((FLYWALL_JAVA_MAJOR > best_major)); then best=$home; best_major=$FLYWALL_JAVA_MAJOR; fi
  done
  if [[ -n $best ]]; then FLYWALL_JAVA_HOME=$best; return 0; fi
  local label=Java; [[ $kind == jdk ]] && label=JDK
  seen+=("no $label >= $FLYWALL_MIN_JAVA in $dir")
  local IFS=';'
  FLYWALL_JAVA_SEEN="${seen[*]}"
  FLYWALL_JAVA_SEEN=${FLYWALL_JAVA_SEEN//;/; }
  return 1
}
