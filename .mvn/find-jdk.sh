# The one place that knows how Weft finds a JDK 25 or newer. Sourced (POSIX sh, since ./mvnw runs
# under /bin/sh) by ./mvnw, ./weft and .ci/run, so that a machine whose default java is older and
# whose JAVA_HOME is unset still builds and runs Weft.
#
# Looks, in order, at: JAVA_HOME, the JDK of the javac on PATH, then the usual install folders
# (WEFT_JDK_SEARCH replaces that last list: space-separated folders or globs). A folder counts
# when it has bin/java and bin/javac and its release file (or java itself) says 25 or newer.

weft_required_java=25

# The feature version of the JDK in folder $1 (25 for 25.0.3), or nothing.
weft_jdk_version() {
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

# The home of the javac found on PATH, if any.
weft_path_jdk() {
  weft_javac=$(command -v javac 2>/dev/null) || return 0
  weft_javac=$(readlink -f "$weft_javac" 2>/dev/null || echo "$weft_javac")
  dirname "$(dirname "$weft_javac")"
}

# Prints the folder of a JDK 25 or newer; or, when there is none, says where it looked and how
# to install one (on stderr) and returns 1.
weft_find_jdk() {
  weft_search=${WEFT_JDK_SEARCH-"/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
$HOME/.sdkman/candidates/java/* $HOME/.jdks/* $HOME/.local/share/jdks/* \
/Library/Java/JavaVirtualMachines/*/Contents/Home"}
  weft_seen=""
  weft_path=$(weft_path_jdk)
  for weft_dir in "${JAVA_HOME:-}" "$weft_path" $weft_search; do
    [ -n "$weft_dir" ] && [ -x "$weft_dir/bin/java" ] && [ -x "$weft_dir/bin/javac" ] || continue
    case "$weft_seen" in *"$weft_dir "*) continue ;; esac
    weft_version=$(weft_jdk_version "$weft_dir")
    if [ -n "$weft_version" ] && [ "$weft_version" -ge "$weft_required_java" ]; then
      echo "$weft_dir"
      return 0
    fi
    weft_seen="$weft_seen
    $weft_dir (Java ${weft_version:-of unknown version})"
  done
  {
    echo "weft: needs a JDK $weft_required_java or newer, and found none."
    echo "  looked in JAVA_HOME (${JAVA_HOME:-unset}), the javac on PATH (${weft_path:-none}),"
    echo "  and $weft_search"
    [ -z "$weft_seen" ] || echo "  found only:$weft_seen"
    echo "  install one, e.g. Temurin $weft_required_java from https://adoptium.net (Debian/Ubuntu:"
    echo "  apt-get install temurin-$weft_required_java-jdk from its repository), or set JAVA_HOME"
    echo "  to a JDK $weft_required_java you have."
  } >&2
  return 1
}
