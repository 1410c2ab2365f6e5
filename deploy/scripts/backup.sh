#!/usr/bin/env bash
# Backs up Vigie: the InfluxDB database (influxd backup -portable, online) and the configuration
# (inventory, users file, settings; secrets included, so keep backups where secrets may be).
#
#   deploy/scripts/backup.sh [DEST_DIR]
#
# Settings (environment): VIGIE_INFLUX_RPC (host:port of influxd's RPC, default 127.0.0.1:8088),
# VIGIE_INFLUX_DATABASE (vigie), VIGIE_CONFIG_DIR (/etc/vigie), VIGIE_BACKUP_DIR (/var/backups/vigie).
# Prints the backup's directory; exit 0 ok, 2 failure.
set -euo pipefail

rpc="${VIGIE_INFLUX_RPC:-127.0.0.1:8088}"
database="${VIGIE_INFLUX_DATABASE:-vigie}"
config="${VIGIE_CONFIG_DIR:-/etc/vigie}"
dest_root="${1:-${VIGIE_BACKUP_DIR:-/var/backups/vigie}}"
influxd="${VIGIE_INFLUXD:-influxd}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dest="$dest_root/vigie-$stamp"
partial="$dest.partial"
mkdir -p "$partial"
chmod 700 "$partial"

# Written under .partial and renamed at the end: a backup directory without that suffix is whole.
"$influxd" backup -portable -host "$rpc" -database "$database" "$partial/influxdb" >"$partial/influxd-backup.log" 2>&1 \
  || { echo "backup: influxd backup failed; see $partial/influxd-backup.log" >&2; exit 2; }
if [ -d "$config" ]; then
  tar -C "$config" -czf "$partial/config.tar.gz" . \
    || { echo "backup: cannot archive $config" >&2; exit 2; }
fi
printf 'database=%s\ncreated=%s\n' "$database" "$stamp" >"$partial/backup.info"
mv "$partial" "$dest"
echo "$dest"
