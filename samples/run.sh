#!/usr/bin/env bash
# Builds and runs a sample API: ./samples/run.sh [servlet|jaxrs] [options]   (--help lists the options)
# Needs only JDK 17+ and Maven 3.8+. Without options: development mode on http://127.0.0.1:8080.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sample=servlet
case "${1:-}" in
  servlet|jaxrs) sample="$1"; shift ;;
esac
module="samples/orders-$sample"
case "$sample" in
  servlet) main=dev.authkit.samples.servlet.OrdersServletApp ;;
  jaxrs) main=dev.authkit.samples.jaxrs.OrdersJaxrsApp ;;
esac
echo "Building $module and the authkit modules it uses (the first run downloads dependencies)..." >&2
# package (not install): nothing is written to ~/.m2 but downloaded dependencies; the class path is
# resolved inside the same reactor, so it points at the freshly built jars under target/.
if ! build_log="$(mvn -B -ntp -q -f "$root/pom.xml" -pl "$module" -am package dependency:build-classpath \
    -DskipTests -Dmdep.outputFile=target/run-classpath.txt -Dmdep.includeScope=runtime 2>&1)"; then
  printf '%s\n' "$build_log" >&2
  echo "The build of $module failed (output above)." >&2
  exit 1
fi
classpath="$root/$module/target/classes:$(cat "$root/$module/target/run-classpath.txt")"
exec java -cp "$classpath" "$main" "$@"
