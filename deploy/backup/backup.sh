#!/usr/bin/env bash
# Backs up one Fallverbund database: a pg_dump (custom format) of its schema into DUMP_DIR, and the key
# material into KEYS_DIR, which must be another place (docs/operations.md, "Backup and restore").
#
#   deploy/backup/backup.sh DUMP_DIR KEYS_DIR
#
# Reads the API's own settings: DATABASE_URL (required), DATABASE_SCHEMA (default public), and the keys
# from ENCRYPTION_MASTER_KEY, SEARCH_INDEX_KEY (base64) and AUDIT_SIGNING_KEY_FILE (PEM), or, where a
# variable is unset, from the key files the API keeps in DATA_DIR (default ./data).
#
# DUMP_DIR/<name>.dump, DUMP_DIR/<name>.manifest: the dump and what belongs to it (checksum, schema,
#   the fingerprints of the keys it needs; no key).
# KEYS_DIR/<name>.keys/: master.key, search-index.key, audit-signing-key.pem, mode 0600.
set -euo pipefail

die() {
  echo "backup: $*" >&2
  exit 1
}

[[ $# -eq 2 ]] || die "usage: backup.sh DUMP_DIR KEYS_DIR"
command -v pg_dump >/dev/null || die "pg_dump is not installed"
: "${DATABASE_URL:?backup: DATABASE_URL names the database to back up}"
schema="${DATABASE_SCHEMA:-public}"
data_dir="${DATA_DIR:-./data}"

mkdir -p "$1" "$2"
dump_dir="$(cd "$1" && pwd -P)"
keys_dir="$(cd "$2" && pwd -P)"
# The dump without the master key decrypts nothing; next to it, everything.
case "$keys_dir/" in "$dump_dir/"*) die "KEYS_DIR must not be DUMP_DIR or inside it" ;; esac
case "$dump_dir/" in "$keys_dir/"*) die "DUMP_DIR must not be inside KEYS_DIR" ;; esac

# base64 key from the variable, else from DATA_DIR/<file>
key_from() {
  local variable="$1" file="$2" value="${!1:-}"
  if [[ -z "$value" ]]; then
    [[ -r "$data_dir/$file" ]] || die "$variable is not set and $data_dir/$file does not exist: no key to back up"
    value="$(tr -d '[:space:]' <"$data_dir/$file")"
  fi
  [[ "$(printf '%s' "$value" | base64 -d 2>/dev/null | wc -c)" -eq 32 ]] || die "$variable is not 32 bytes, base64"
  printf '%s' "$value"
}

master_key="$(key_from ENCRYPTION_MASTER_KEY master.key)"
search_key="$(key_from SEARCH_INDEX_KEY search-index.key)"
audit_key_file="${AUDIT_SIGNING_KEY_FILE:-$data_dir/audit-signing-key.pem}"
[[ -r "$audit_key_file" ]] || die "AUDIT_SIGNING_KEY_FILE: cannot read $audit_key_file"

here="$(dirname "$0")"
# shellcheck source=deploy/backup/fingerprints.sh
. "$here/fingerprints.sh"

master_check="$(symmetric_key_check "$master_key")"
search_check="$(symmetric_key_check "$search_key")"
audit_key="$(audit_key_id "$audit_key_file")" || die "AUDIT_SIGNING_KEY_FILE: $audit_key_file is not a private key (PEM)"

name="fallverbund-$(date -u +%Y%m%dT%H%M%SZ)"
umask 077
pg_dump --format=custom --compress=6 --schema="$schema" --no-owner --no-privileges \
  --file="$dump_dir/$name.dump" "$DATABASE_URL"

key_out="$keys_dir/$name.keys"
mkdir -p "$key_out"
printf '%s\n' "$master_key" >"$key_out/master.key"
printf '%s\n' "$search_key" >"$key_out/search-index.key"
cp "$audit_key_file" "$key_out/audit-signing-key.pem"
chmod 600 "$key_out"/*

{
  echo "name=$name"
  echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "schema=$schema"
  echo "dump_sha256=$(sha256sum "$dump_dir/$name.dump" | cut -d' ' -f1)"
  echo "master_key_check=$master_check"
  echo "search_index_key_check=$search_check"
  echo "audit_signing_key_id=$audit_key"
} >"$dump_dir/$name.manifest"

echo "backup: $dump_dir/$name.dump ($(du -h "$dump_dir/$name.dump" | cut -f1)), manifest $dump_dir/$name.manifest"
echo "backup: keys in $key_out (store them apart from the dump)"
