#!/usr/bin/env bash
# Builds the benchmarks module and runs the whole comparison (JWT: JDK floor, authkit cold/warm,
# Nimbus, Spring Security, auth0, jose4j, jjwt; API keys; 1 vs 2 threads) under JDK 17 and under
# the newest JDK installed, printing markdown tables (also written to benchmarks/target/results-*.md),
# then, per JDK, the interleaved CPU-time comparison (dev.authkit.benchmarks.Interleaved).
#
#   benchmarks/run.sh                      # 1 fork, warm-up 2 x 2 s, measurement 3 x 2 s (~15 min per JDK)
#   benchmarks/run.sh --seconds 10 --iterations 5 --warmup 5 --forks 2    # a thorough run
#   benchmarks/run.sh --only floor,authkit-cold,nimbus                     # a subset (also: apikey, threads)
#
# JDK17_HOME and NEWEST_JDK_HOME override the JDKs found.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp -q -pl benchmarks -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

spec_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

JDK17_HOME=${JDK17_HOME:-}
NEWEST_JDK_HOME=${NEWEST_JDK_HOME:-}
newest=0
for home in /usr/lib/jvm/*/ "${JAVA_HOME:-/nonexistent}"; do
  home=${home%/}
  [ -x "$home/bin/java" ] || continue
  version=$(spec_version "$home")
  [ -n "$version" ] || continue
  if [ "$version" = "17" ] && [ -z "$JDK17_HOME" ]; then JDK17_HOME=$home; fi
  if [ "${version%%.*}" -gt "$newest" ] 2>/dev/null; then newest=${version%%.*}; found=$home; fi
done
NEWEST_JDK_HOME=${NEWEST_JDK_HOME:-${found:-}}
[ -n "$JDK17_HOME" ] || { echo "no JDK 17 found; set JDK17_HOME" >&2; exit 1; }

homes=("$JDK17_HOME")
if [ -n "$NEWEST_JDK_HOME" ] && [ "$(spec_version "$NEWEST_JDK_HOME")" != "17" ]; then
  homes+=("$NEWEST_JDK_HOME")
fi
for home in "${homes[@]}"; do
  echo "=== $(spec_version "$home"): $home" >&2
  "$home/bin/java" -cp "$CP" dev.authkit.benchmarks.RunAll "$@" \
      --out "benchmarks/target/results-jdk$(spec_version "$home").md"
  # The load-robust companion: every implementation in turn, on thread CPU time (about 2 minutes).
  "$home/bin/java" -cp "$CP" dev.authkit.benchmarks.Interleaved \
      >> "benchmarks/target/results-jdk$(spec_version "$home").md"
done
cat benchmarks/target/results-jdk*.md
