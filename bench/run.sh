#!/usr/bin/env bash
# Benchmarks, each beside its peer in the same run; results replace their section of docs/benchmarks.md.
#   bench/run.sh [writer|footprint|all] [-- options of the Java benchmark]
#   writer:    --points N (2000000) --targets N (2000) --repeats N (1)
#   footprint: --seconds N (300) --warmup N (30) --interval-s N (10)
# Called by `./vigie bench`, which installs influxdb, curl and prometheus-node-exporter when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
what=${1:-all}; shift || true
[ "${1:-}" = "--" ] && shift
# One invocation, so that the reactor's fresh jars are what the classpath names.
mvn -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/target/classpath.txt" -Dmdep.includeScope=runtime >/dev/null || { echo "bench: cannot resolve the classpath" >&2; exit 2; }
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
run() { java -Xmx3g -cp "$CP" "$@"; }
case "$what" in
  writer) run io.vigie.bench.WriterBench --out docs/benchmarks.md "$@" ;;
  footprint) run io.vigie.bench.FootprintBench --out docs/benchmarks.md --jar "$ROOT/collector/target/vigie-collector-exec.jar" "$@" ;;
  all)
    run io.vigie.bench.WriterBench --out docs/benchmarks.md
    run io.vigie.bench.FootprintBench --out docs/benchmarks.md --jar "$ROOT/collector/target/vigie-collector-exec.jar" ;;
  *) echo "usage: bench/run.sh [writer|footprint|all] [-- options]" >&2; exit 1 ;;
esac
