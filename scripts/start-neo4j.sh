#!/usr/bin/env bash
# Starts an embedded Neo4j Community 5.26 (Bolt, auth off) for tests and prints NEO4J_URI=bolt://127.0.0.1:PORT.
# First run downloads the jars (~125 MB) into the cache with Maven; later runs reuse them.
# Env: NEO4J_PORT (7687), NEO4J_CACHE (~/.cache/otlp-aiops/neo4j), NEO4J_START_TIMEOUT seconds (120),
#      NEO4J_KEEP_DATA=1 keeps the previous data directory (default: a fresh, empty database each start).
# Stop it with scripts/stop-neo4j.sh (same NEO4J_PORT / NEO4J_CACHE).
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib/daemon.sh"
here="$(cd "$(dirname "$0")" && pwd)"
port="${NEO4J_PORT:-7687}"
cache="${NEO4J_CACHE:-${HOME}/.cache/otlp-aiops/neo4j}"
timeout_s="${NEO4J_START_TIMEOUT:-120}"
lib="${cache}/lib"
run="${cache}/run-${port}"
pidfile="${run}/neo4j.pid"
log="${run}/neo4j.log"

die() { echo "start-neo4j: $*" >&2; exit 1; }
command -v java >/dev/null || die "java not found (Neo4j 5.26 needs Java 17+)"

refuse_if_running neo4j "$pidfile" "$port" NEO4J_PORT

# The pom's hash marks a complete download, so an interrupted fetch or a version bump fetches again.
stamp="$(sha256sum "${here}/neo4j/pom.xml" | cut -c1-16)"
if [[ ! -f "${lib}/.complete-${stamp}" ]]; then
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Neo4j jars)"
  echo "start-neo4j: fetching Neo4j jars into ${lib} (once)" >&2
  rm -rf "$lib"
  mvn -q -B -f "${here}/neo4j/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" >&2 \
    || die "maven could not fetch the Neo4j jars"
  touch "${lib}/.complete-${stamp}"
fi

# Compile the launcher once (source-mode `java X.java` recompiles on every start, ~3 s of CPU).
classes="${cache}/classes-$(sha256sum "${here}/neo4j/Neo4jTestServer.java" | cut -c1-16)"
if [[ ! -f "${classes}/Neo4jTestServer.class" ]]; then
  rm -rf "${cache}"/classes-*
  mkdir -p "$classes"
  javac -nowarn -cp "${lib}/*" -d "$classes" "${here}/neo4j/Neo4jTestServer.java" >&2 || die "javac failed"
fi

mkdir -p "$run"
[[ "${NEO4J_KEEP_DATA:-0}" == "1" ]] || rm -rf "${run}/data"
: >"$log"
nohup java --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true \
  -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -cp "${classes}:${lib}/*" Neo4jTestServer "${run}/data" "$port" >>"$log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"

deadline=$((SECONDS + timeout_s))
until grep -q '^READY' "$log"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pidfile"
    tail -20 "$log" >&2
    die "the server exited before READY (log: ${log})"
  fi
  if ((SECONDS >= deadline)); then
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    tail -20 "$log" >&2
    die "no READY within ${timeout_s}s (log: ${log})"
  fi
  sleep 0.3
done
echo "NEO4J_URI=bolt://127.0.0.1:${port}"
