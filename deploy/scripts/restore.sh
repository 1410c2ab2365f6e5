#!/usr/bin/env bash
# Restores a backup made by backup.sh: the InfluxDB database, and the configuration when
# VIGIE_RESTORE_CONFIG_DIR is set (restored there, to be compared or moved into place).
#
#   deploy/scripts/restore.sh BACKUP_DIR
#
# InfluxDB 1.x restores a database only under a name that does not exist: drop the damaged
# database first (DROP DATABASE vigie), or set VIGIE_RESTORE_AS to restore beside it.
# influxd opens the restored shards a moment after it returns: until then a query may answer
# "shard is disabled"; that clears by itself within seconds.
# Settings: VIGIE_INFLUX_RPC (127.0.0.1:8088). Exit 0 ok, 1 bad backup, 2 failure.
set -euo pipefail

backup="${1:?usage: restore.sh BACKUP_DIR}"
rpc="${VIGIE_INFLUX_RPC:-127.0.0.1:8088}"
influxd="${VIGIE_INFLUXD:-influxd}"

if [ ! -f "$backup/backup.info" ] || [ ! -d "$backup/influxdb" ]; then
  echo "restore: $backup is not a complete Vigie backup (no backup.info or influxdb/)" >&2
  exit 1
fi
database="$(sed -n 's/^database=//p' "$backup/backup.info")"
target="${VIGIE_RESTORE_AS:-$database}"

"$influxd" restore -portable -host "$rpc" -db "$database" -newdb "$target" "$backup/influxdb" \
  || { echo "restore: influxd restore failed (does database $target still exist? drop it or set VIGIE_RESTORE_AS)" >&2; exit 2; }

if [ -n "${VIGIE_RESTORE_CONFIG_DIR:-}" ] && [ -f "$backup/config.tar.gz" ]; then
  mkdir -p "$VIGIE_RESTORE_CONFIG_DIR"
  tar -C "$VIGIE_RESTORE_CONFIG_DIR" -xzf "$backup/config.tar.gz"
fi
echo "restored database $target from $backup"
