#!/usr/bin/env bash
# Restores a backup made by backup.sh into a fresh database and checks the keys that belong to it
# (docs/operations.md, "Backup and restore").
#
#   deploy/backup/restore.sh MANIFEST KEYS
#
# MANIFEST is DUMP_DIR/<name>.manifest (the dump lies beside it); KEYS is the KEYS_DIR/<name>.keys
# folder backup.sh wrote. DATABASE_URL names the target database; the dump's schema must not hold
# tables there yet. Refuses to restore when a key is missing or is not the one the dump was made
# with: a database without its master key is a database of unreadable personal data.
# Afterwards: start nothing yet; run `npm run rebuild-read-models` and then the API with the
# environment printed at the end.
set -euo pipefail

die() {
  echo "restore: $*" >&2
  exit 1
}

[[ $# -eq 2 ]] || die "usage: restore.sh MANIFEST KEYS"
command -v pg_restore >/dev/null || die "pg_restore is not installed"
command -v psql >/dev/null || die "psql is not installed"
: "${DATABASE_URL:?restore: DATABASE_URL names the (fresh) database to restore into}"
manifest="$1"
keys="$2"
[[ -r "$manifest" ]] || die "cannot read the manifest $manifest"
[[ -d "$keys" ]] || die "the key folder $keys does not exist: the dump cannot be used without its keys"

field() {
  local value
  value="$(sed -n "s/^$1=//p" "$manifest")"
  [[ -n "$value" ]] || die "the manifest $manifest has no $1"
  printf '%s' "$value"
}
name="$(field name)"
schema="$(field schema)"
dump="$(dirname "$manifest")/$name.dump"
[[ -r "$dump" ]] || die "the dump $dump is missing"
[[ "$(sha256sum "$dump" | cut -d' ' -f1)" == "$(field dump_sha256)" ]] || die "$dump does not match its manifest (checksum)"

here="$(dirname "$0")"
# shellcheck source=deploy/backup/fingerprints.sh
. "$here/fingerprints.sh"

# Checks a base64 key file against the manifest: $1 the variable the API reads, $2 the file in KEYS,
# $3 the manifest field.
symmetric_key() {
  local file="$keys/$2" value check
  [[ -r "$file" ]] || die "$1 missing: $file does not exist. Without the key the dump was made with, its personal data cannot be read; find the key saved with this backup"
  value="$(tr -d '[:space:]' <"$file")"
  check="$(symmetric_key_check "$value")"
  [[ "$check" == "$(field "$3")" ]] || die "$1 is wrong: $file (check value $check) is not the key this dump was made with ($(field "$3"))"
}
symmetric_key ENCRYPTION_MASTER_KEY master.key master_key_check
symmetric_key SEARCH_INDEX_KEY search-index.key search_index_key_check
audit_key_file="$keys/audit-signing-key.pem"
[[ -r "$audit_key_file" ]] || die "AUDIT_SIGNING_KEY_FILE missing: $audit_key_file does not exist. The audit checkpoints in the dump were signed with it; find the key saved with this backup"
audit_key="$(audit_key_id "$audit_key_file")" || die "AUDIT_SIGNING_KEY_FILE: $audit_key_file is not a private key (PEM)"
[[ "$audit_key" == "$(field audit_signing_key_id)" ]] || die "AUDIT_SIGNING_KEY_FILE is wrong: $audit_key_file is key $audit_key, the dump's checkpoints were signed by $(field audit_signing_key_id)"

tables="$(psql "$DATABASE_URL" -XtAc "SELECT count(*) FROM pg_tables WHERE schemaname = '${schema//\'/\'\'}'")"
[[ "$tables" == "0" ]] || die "the target database already has $tables tables in schema $schema: restore into a fresh database"

# A fresh database has the schema public already (or the operator made the schema): skip creating it.
toc="$(mktemp)"
trap 'rm -f "$toc"' EXIT
pg_restore --list "$dump" >"$toc"
exists="$(psql "$DATABASE_URL" -XtAc "SELECT count(*) FROM pg_namespace WHERE nspname = '${schema//\'/\'\'}'")"
if [[ "$exists" == "1" ]]; then
  grep -vE "^[0-9]+; [0-9]+ [0-9]+ SCHEMA - ${schema} " "$toc" >"$toc.use"
  mv "$toc.use" "$toc"
fi
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --use-list="$toc" \
  --dbname="$DATABASE_URL" "$dump"

echo "restore: $name restored into schema $schema"
echo "restore: next, with this environment (keys from $keys):"
echo "  DATABASE_SCHEMA=$schema"
echo "  ENCRYPTION_MASTER_KEY=<$keys/master.key>  SEARCH_INDEX_KEY=<$keys/search-index.key>"
echo "  AUDIT_SIGNING_KEY_FILE=$audit_key_file"
echo "  npm run rebuild-read-models, then start the API and check GET /api/audit/verify (valid: true, checkpointChecked: true)"
