# Sourced by ./patchbay and .ci/run: sets JAVA_HOME to a JDK of version 21 or newer.
# Order: $JAVA_HOME if new enough, then `java` on the PATH, then the newest JDK under
# /usr/lib/jvm. Fails with a clear message when none is found.

patchbay_java_major() {
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
