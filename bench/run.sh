#!/usr/bin/env bash
# Benchmarks, each beside its peer (when it has one) in the same run; results replace their section of docs/benchmarks.md.
#
#   bench/run.sh BENCHMARK [-- options of the Java benchmark]
#
#   writer     the InfluxDB writer against curl posting the same batches
#              --points N (1000000) --targets N (2000) --repeats N (3; each repeat runs every configuration
#              with the three senders in turn; the ratios to curl are the median of the repeats, with
#              their range, outlying runs flagged and left out) (defaults: about 16 minutes)
#   footprint  the collector's start-up, CPU and memory against prometheus-node-exporter, both started
#              together, 3 rounds of 5 min (--rounds N --seconds S --warmup S); about 20 min
#              --seconds N (300) --warmup N (30) --interval-s N (10)
#   snmp       1,000 SNMP devices against snmp_exporter and snmpbulkwalk, all started by bench;
#              interleaved windows (exporter, Vigie, ...), median of the per-round ratios, outlying
#              windows flagged and left out; Vigie in a JVM of its own with the launcher's flags; then a
#              Flight Recorder window of Vigie for where its CPU and allocations go
#              --devices N (1000) --seconds N (300, per window) --warmup N (30, before each window)
#              --interval-s N (10) --rounds N (3) --bulkwalk-rounds N (1) --parallel N (64)
#              --profile-seconds N (60; 0: no profile) --peer-rounds N (= rounds; 0: Vigie alone)
#              --section NAME (snmp; e.g. snmp-5000 for a run at 5,000 devices beside the 1,000 one)
#              (defaults: 3 rounds of an exporter and a Vigie window, 1 snmpbulkwalk window: about 40 minutes)
#   probes     2,000 service probes (tcp, http, https, icmp, dns) against prometheus-blackbox-exporter,
#              both probing the same loopback nginx, dnsmasq and 127.0.0.0/8, all started by bench;
#              interleaved windows (exporter, Vigie, ...), median of the per-round ratios; run as root (ICMP)
#              --probes N (2000) --seconds N (300, per window) --warmup N (30, before each window)
#              --interval-s N (30) --rounds N (3) --parallel N (64, scrapes in flight) --workers N (8)
#              --types tcp,http,https,icmp,dns (a subset, to see which type costs what)
#              (defaults: 3 rounds of an exporter and a Vigie window: about 35 minutes)
#   ssh        SSH polls against OpenSSH's ssh client with ControlMaster, on a loopback sshd
#              --polls N (200) --targets N (200) --seconds N (180)
#   alerting   10,000 targets judged as points arrive (stream) beside every 10 s (periodic)
#              --targets N (10000) --cycles N (20)
#   reports    issue 19: every client's monthly report (HTML and PDF) from a month of flapping history
#              in a real H2 state store, timed by stage, with CPU and peak memory; no peer
#              --clients N (100) --per-client N (50) --runs N (3, the first one cold)
#              (defaults: under a minute, a third of it writing the history)
#   mail       breach-to-mail latency against Prometheus and Alertmanager, started by the benchmark
#              (prometheus, prometheus-alertmanager, prometheus-node-exporter), beside each one's
#              physical floor; in rounds, Vigie and the matched peer breached together, about 40 s each
#              --breaches N (40) Vigie's, --peer-breaches N (40) the matched peer's (one of each a round)
#              --peer-default-breaches N (0) the peer with its defaults (0: not run; about 2.5 minutes
#              each, after the round) --block N (10)
#              (defaults: about half an hour)
#   validate   checking a NOC-sized inventory; no peer (VIGIE_JAVA_OPTS as the launcher)
#              --targets N (20000) --repeats N (5)
#   logs       syslog over TCP into InfluxDB: the collector (its jar, its own process) against rsyslog
#              receiving the same stream into a file and curl posting the same lines as line protocol,
#              all started by bench; interleaved runs (curl, Vigie, rsyslog, ...), every line counted back
#              --lines N (1000000, each run) --warmup N (50000, before each run) --rounds N (5)
#              --jvm FLAGS (the collector's JVM flags; the launcher's by default)
#              (defaults: about 7 minutes)
#   console    the console's problems page in Debian's chromium at 10,000 targets, 500 in trouble: first
#              render and live update, against Alertmanager's UI showing the same alerts, started by
#              bench; interleaved repeats (Alertmanager, Vigie, ...), a fresh page load each
#              --targets N (10000) --clients N (100) --troubled N (500) --repeats N (5)
#              --peer-wait-s N (30, how long Alertmanager's page is watched for a live update once)
#              --quick (1,000 targets, 20 clients, 50 in trouble, 3 repeats, 10 s: to try it out)
#              (defaults: about 5 minutes)
#   transport  issue 21: points through a 3-node NATS JetStream stream (R3) into InfluxDB beside the
#              collector's direct writes, interleaved rounds, with the CPU of every process; then the
#              packaged collector in a group of 3: a member killed (takeover), an InfluxDB replica
#              away (catch-up); nats-server, influxd, snmpd all started by bench
#              --points N (1000000, each run) --rounds N (5 of each path) --targets N (30)
#              --interval-s N (10) --kills N (3) --influx-outage-s N (300) --skip throughput|faults
#              --quick (200,000 points, 9 targets, 1 kill, 30 s outage: to try it out)
#              (defaults: about 13 minutes, 5 of them replica B's outage)
#   all        writer, then footprint (the others take long; see above for what each needs)
#
# Called by `./vigie bench`, which installs the peers (influxdb, prometheus-node-exporter, ...) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
usage() { sed -n '2,/^# Called by/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
  -h|--help|help) usage; exit 0 ;;
esac
what=${1:-all}; shift || true
[ "${1:-}" = "--" ] && shift
# One invocation, so that the reactor's fresh jars are what the classpath names.
mvn -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/target/classpath.txt" -Dmdep.includeScope=runtime >/dev/null || { echo "bench: cannot resolve the classpath" >&2; exit 2; }
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
run() { java -Xmx3g -cp "$CP" "$@"; }
case "$what" in
  writer) run io.vigie.bench.WriterBench --out docs/benchmarks.md "$@" ;;
  footprint) run io.vigie.bench.FootprintBench --out docs/benchmarks.md --jar "$ROOT/collector/target/vigie-collector-exec.jar" "$@" ;;
  ssh) run io.vigie.bench.SshBench --out docs/benchmarks.md "$@" ;;
  alerting) run io.vigie.bench.AlertingBench --out docs/benchmarks.md "$@" ;;
  reports) run io.vigie.bench.ReportsBench --out docs/benchmarks.md "$@" ;;
  validate) run io.vigie.bench.ValidateBench --out docs/benchmarks.md --jar "$ROOT/collector/target/vigie-collector-exec.jar" "$@" ;;
  mail)
    for b in prometheus prometheus-alertmanager prometheus-node-exporter; do
      command -v "$b" >/dev/null || { echo "bench: $b missing (apt-get install $b)" >&2; exit 2; }
    done
    run io.vigie.bench.MailLatencyBench --out docs/benchmarks.md "$@" ;;
  snmp)
    # snmpd, prometheus-snmp-exporter and snmpbulkwalk are started by SnmpBench itself.
    run io.vigie.bench.SnmpBench --out docs/benchmarks.md "$@" ;;
  logs)
    # rsyslogd, influxd and the collector's jar are started by LogsBench itself.
    for b in /usr/sbin/rsyslogd influxd curl; do
      command -v "$b" >/dev/null || { echo "bench: $b missing (./vigie bench installs influxdb and curl; apt-get install rsyslog)" >&2; exit 2; }
    done
    run io.vigie.bench.LogsBench --out docs/benchmarks.md --jar "$ROOT/collector/target/vigie-collector-exec.jar" "$@" ;;
  transport)
    # nats-server, influxd and snmpd are started by TransportBench itself; the collectors are its jar.
    for b in nats-server influxd /usr/sbin/snmpd snmpget; do
      command -v "$b" >/dev/null || { echo "bench: $b missing (./vigie bench installs it)" >&2; exit 2; }
    done
    run io.vigie.bench.TransportBench --out docs/benchmarks.md --jar "$ROOT/collector/target/vigie-collector-exec.jar" "$@" ;;
  probes)
    # nginx, dnsmasq and prometheus-blackbox-exporter are started by ProbeBench itself.
    for b in prometheus-blackbox-exporter /usr/sbin/nginx /usr/sbin/dnsmasq fping; do
      command -v "$b" >/dev/null || { echo "bench: $b missing (./vigie bench installs blackbox; ./vigie test nginx, dnsmasq, fping)" >&2; exit 2; }
    done
    run io.vigie.bench.ProbeBench --out docs/benchmarks.md "$@" ;;
  console)
    # chromium and chromedriver are installed by ./vigie bench. Alertmanager's UI is not in Debian's
    # binary package; golang-github-prometheus-alertmanager-dev carries upstream's build of it
    # (asset/assets_vfsdata.go, see AlertmanagerUi): downloaded, not installed (its many Go
    # dependencies are of no use here), and only when it has the binary's version.
    for b in prometheus-alertmanager chromium chromedriver influxd dpkg-deb; do
      command -v "$b" >/dev/null || { echo "bench: $b missing (./vigie bench installs it)" >&2; exit 2; }
    done
    assets=/usr/share/gocode/src/github.com/prometheus/alertmanager/asset/assets_vfsdata.go
    if [ -f "$assets" ]; then
      ui=$(dpkg-query -W -f='${Version}' golang-github-prometheus-alertmanager-dev)
    else
      dev="$ROOT/bench/target/alertmanager-dev"
      if [ ! -f "$dev/root$assets" ]; then
        rm -rf "$dev" && mkdir -p "$dev"
        (cd "$dev" && apt-get -q -o APT::Sandbox::User=root download golang-github-prometheus-alertmanager-dev >/dev/null) \
          || { echo "bench: cannot download golang-github-prometheus-alertmanager-dev (apt-get update?)" >&2; exit 2; }
        dpkg-deb -x "$dev"/golang-github-prometheus-alertmanager-dev_*.deb "$dev/root"
        dpkg-deb -f "$dev"/golang-github-prometheus-alertmanager-dev_*.deb Version >"$dev/version"
      fi
      assets="$dev/root$assets"
      ui=$(cat "$dev/version")
    fi
    binary=$(dpkg-query -W -f='${Version}' prometheus-alertmanager)
    [ "${ui%%-*}" = "${binary%%-*}" ] || { echo "bench: Alertmanager's UI is $ui, its binary $binary: not the same release" >&2; exit 2; }
    run io.vigie.bench.ConsoleBench --out docs/benchmarks.md --am-assets "$assets" "$@" ;;
  all)
    run io.vigie.bench.WriterBench --out docs/benchmarks.md
    run io.vigie.bench.FootprintBench --out docs/benchmarks.md --jar "$ROOT/collector/target/vigie-collector-exec.jar" ;;
  *) echo "bench: unknown benchmark $what" >&2; usage >&2; exit 1 ;;
esac
