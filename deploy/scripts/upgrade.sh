#!/usr/bin/env bash
# Upgrades a non-container install to the jars in NEW_DIR, and rolls back by itself when a
# service does not come back healthy.
#
#   deploy/scripts/upgrade.sh VERSION NEW_DIR      # NEW_DIR holds vigie-*-exec.jar
#   deploy/scripts/upgrade.sh --rollback           # back to the release before the current one
#
# Releases live in $VIGIE_HOME/releases/VERSION, $VIGIE_HOME/current points at one (as the
# Ansible roles install them). Settings: VIGIE_HOME (/opt/vigie), VIGIE_SERVICES
# ("vigie-collector vigie-alerting"), VIGIE_HEALTH_URLS (the services' /actuator/health),
# VIGIE_HEALTH_TIMEOUT (60 s per service), VIGIE_RESTART (the command that restarts a service,
# given its name: "systemctl restart").
set -euo pipefail

home="${VIGIE_HOME:-/opt/vigie}"
services="${VIGIE_SERVICES:-vigie-collector vigie-alerting}"
health="${VIGIE_HEALTH_URLS:-http://127.0.0.1:9273/actuator/health http://127.0.0.1:9274/actuator/health}"
restart="${VIGIE_RESTART:-systemctl restart}"
timeout="${VIGIE_HEALTH_TIMEOUT:-60}"

switch_to() {
  ln -sfn "$home/releases/$1" "$home/current.new" && mv -Tf "$home/current.new" "$home/current"
  for service in $services; do $restart "$service"; done
}

healthy() {
  local url
  for url in $health; do
    for _ in $(seq 1 "$timeout"); do
      curl -fsS "$url" 2>/dev/null | grep -q '"status":"UP"' && continue 2
      sleep 1
    done
    echo "upgrade: $url not UP after $timeout s" >&2
    return 1
  done
}

previous="$(basename "$(readlink -f "$home/current")")"
if [ "${1:-}" = "--rollback" ]; then
  before="$(cat "$home/releases/.previous" 2>/dev/null)" || { echo "upgrade: no previous release recorded" >&2; exit 1; }
  switch_to "$before" && healthy && echo "rolled back to $before"
  exit
fi

version="${1:?usage: upgrade.sh VERSION NEW_DIR | --rollback}"
new_dir="${2:?usage: upgrade.sh VERSION NEW_DIR}"
ls "$new_dir"/vigie-*-exec.jar >/dev/null 2>&1 || { echo "upgrade: no vigie-*-exec.jar in $new_dir" >&2; exit 1; }
mkdir -p "$home/releases/$version"
cp "$new_dir"/vigie-*-exec.jar "$home/releases/$version/"
before_previous="$(cat "$home/releases/.previous" 2>/dev/null || true)"
echo "$previous" >"$home/releases/.previous"
switch_to "$version"
if healthy; then
  echo "upgraded from $previous to $version"
else
  echo "upgrade: rolling back to $previous" >&2
  # The failed release is not one to come back to.
  echo "$before_previous" >"$home/releases/.previous"
  switch_to "$previous"
  healthy || echo "upgrade: $previous is not healthy either: see journalctl -u vigie-collector -u vigie-alerting" >&2
  exit 2
fi
