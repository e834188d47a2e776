# Sourced by ./patchbay and .ci/run: sets JAVA_HOME to a JDK of version 21 or newer.
# Order: $JAVA_HOME if new enough, then `java` on the PATH, then the newest JDK under
# /usr/lib/jvm. Fails with a clear message when none is found.
#
# A JDK's version comes from its `release` file (JAVA_VERSION="21.0.5"), which every JDK since 9
# ships: starting a JVM to ask it costs 0.1 to 0.2 s each, on every start of ./patchbay (measured
# on the 2-core VM, docs/architecture.md "Start-up"). Only a JDK without that file is asked.

# The major version of the JDK whose `java` is $1, or nothing if it cannot be told.
patchbay_java_major() {
  local home major
  home=$(dirname "$(dirname "$1")")
  if [ -f "$home/release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\)[."].*/\1/p' "$home/release" | head -n 1)
    if [ "$major" = "1" ]; then
      # Java 8 and older: JAVA_VERSION="1.8.0_402".
      major=$(sed -n 's/^JAVA_VERSION="1\.\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
    fi
    if [ -n "$major" ]; then
      echo "$major"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1") ? v[2] : v[1]}'
}

patchbay_find_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(patchbay_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then
      return 0
    fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v java)")
    major=$(patchbay_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ -x "$(dirname "$candidate")/javac" ]; then
      JAVA_HOME=$(dirname "$(dirname "$candidate")")
      export JAVA_HOME
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -x "$candidate" ] || continue
    [ -x "$(dirname "$candidate")/javac" ] || continue
    major=$(patchbay_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -n "$best" ]; then
    JAVA_HOME=$(dirname "$(dirname "$best")")
    export JAVA_HOME
    return 0
  fi
  echo "patchbay: needs a JDK 21 or newer; set JAVA_HOME to one" >&2
  return 1
}
