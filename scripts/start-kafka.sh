#!/usr/bin/env bash
# Starts Apache Kafka 3.9 in KRaft mode (one broker that is also its controller, no ZooKeeper) on loopback for tests
# and prints KAFKA_BROKERS=127.0.0.1:PORT. First run downloads the jars (~56 MB) from Maven Central into the cache;
# later runs reuse them.
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (19093; 9093 is Alertmanager's), KAFKA_CACHE
#      (~/.cache/otlp-aiops/kafka), KAFKA_START_TIMEOUT seconds (120), KAFKA_HEAP (512m),
#      KAFKA_KEEP_DATA=1 keeps the previous log directory (default: a fresh, empty broker each start).
# Stop it with scripts/stop-kafka.sh (same KAFKA_PORT / KAFKA_CACHE).
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib/daemon.sh"
here="$(cd "$(dirname "$0")" && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-19093}"
cache="${KAFKA_CACHE:-${HOME}/.cache/otlp-aiops/kafka}"
timeout_s="${KAFKA_START_TIMEOUT:-120}"
lib="${cache}/lib"
run="${cache}/run-${port}"
pidfile="${run}/kafka.pid"
log="${run}/kafka.log"

die() { echo "start-kafka: $*" >&2; exit 1; }
command -v java >/dev/null || die "java not found (Kafka 3.9 needs Java 11+)"

refuse_if_running kafka "$pidfile" "$port" KAFKA_PORT
if (exec 3<>"/dev/tcp/127.0.0.1/${controller_port}") 2>/dev/null; then
  die "controller port ${controller_port} is already in use (set KAFKA_CONTROLLER_PORT)"
fi

# The pom's hash marks a complete download, so an interrupted fetch or a version bump fetches again.
stamp="$(sha256sum "${here}/kafka/pom.xml" | cut -c1-16)"
if [[ ! -f "${lib}/.complete-${stamp}" ]]; then
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Kafka jars)"
  echo "start-kafka: fetching Kafka jars into ${lib} (once)" >&2
  rm -rf "$lib"
  mvn -q -B -f "${here}/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" >&2 \
    || die "maven could not fetch the Kafka jars"
  touch "${lib}/.complete-${stamp}"
fi

mkdir -p "$run"
[[ "${KAFKA_KEEP_DATA:-0}" == "1" ]] || rm -rf "${run}/data"
mkdir -p "${run}/data"
cat >"${run}/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${run}/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
cat >"${run}/log4j.properties" <<PROPS
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS

jvm=(-Xmx"${KAFKA_HEAP:-512m}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j.configuration="file:${run}/log4j.properties")
if [[ "${KAFKA_KEEP_DATA:-0}" != "1" || ! -f "${run}/data/meta.properties" ]]; then
  cluster_id="$(java "${jvm[@]}" -cp "${lib}/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  [[ -n "$cluster_id" ]] || die "StorageTool random-uuid gave no cluster id"
  java "${jvm[@]}" -cp "${lib}/*" kafka.tools.StorageTool format -t "$cluster_id" -c "${run}/server.properties" \
    --ignore-formatted >"$log" 2>&1 || { tail -20 "$log" >&2; die "StorageTool format failed (log: ${log})"; }
fi

: >"$log"
nohup java "${jvm[@]}" -cp "${lib}/*" kafka.Kafka "${run}/server.properties" >>"$log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"

# Ready once the broker says so and its port accepts connections.
deadline=$((SECONDS + timeout_s))
until grep -qE 'Kafka Server started|\[BrokerServer id=1\] Transition from STARTING to STARTED' "$log" \
  && (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pidfile"
    tail -20 "$log" >&2
    die "the broker exited before it was ready (log: ${log})"
  fi
  if ((SECONDS >= deadline)); then
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    tail -20 "$log" >&2
    die "not ready within ${timeout_s}s (log: ${log})"
  fi
  sleep 0.3
done
echo "KAFKA_BROKERS=127.0.0.1:${port}"
