# Sourced by ./courier and ./check: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: JAVA_HOME if 21+, then `java` on PATH if 21+, then the newest JDK under /usr/lib/jvm.

courier_java_major() {
  # Prints the feature version of the java binary given, e.g. 17 or 25; nothing if it won't run.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

courier_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(courier_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(courier_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(courier_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

if ! COURIER_JDK=$(courier_find_jdk); then
  echo "courier: no JDK 21 or newer found (checked JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$COURIER_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build.
if [ "$(courier_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe-memory-access*) ;; *)
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
