#!/usr/bin/env bash
# The durable-tasks burn-down comparison in one go (DESIGN.md, "Benchmarks: how we compare"):
# Weft against db-scheduler and JobRunr on PostgreSQL with 1 and 4 worker processes, then Weft
# against JobRunr on SQLite with 1 worker; 100,000 jobs each, Weft in its wide and deep shapes.
# Submit-to-start latency is probed on the idle 1-worker runs.
#
#   weft-bench/burndown.sh                # tables on stdout, progress on stderr
#   weft-bench/burndown.sh --jobs 20000   # extra options go to every run (see --help)
#   BURNDOWN_JSON=out weft-bench/burndown.sh   # also one JSON file per run in out/
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, database test; --postgres URL for another)
# and a JDK 25 (found as ./weft finds it). Each run makes and drops its own databases.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../.mvn/find-jdk.sh
. "$root/.mvn/find-jdk.sh"
JAVA_HOME="$(weft_find_jdk)" || exit 3
export JAVA_HOME
cd "$root"
./mvnw -B -q -pl weft-bench -am package -DskipTests
jar=weft-bench/target/benchmarks.jar

run() {
  local name=$1
  shift
  echo "== $name"
  if [[ -n "${BURNDOWN_JSON:-}" ]]; then
    mkdir -p "$BURNDOWN_JSON"
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" \
      dev.weft.bench.burndown.BurnDown "$@" --json >"$BURNDOWN_JSON/$name.json"
  else
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" \
      dev.weft.bench.burndown.BurnDown "$@"
  fi
}

run postgresql-1 --db postgresql --workers 1 --shape wide,deep "$@"
run postgresql-4 --db postgresql --workers 4 --shape wide --samples 0 "$@"
run sqlite-1 --db sqlite --workers 1 --shape wide,deep --engine weft,jobrunr "$@"
