#!/usr/bin/env bash
# Makes the secrets compose.yaml reads, once, into deploy/compose/secrets/ (ignored by git). Keep a
# copy of the keys apart from the database backups (docs/operations.md, "Backup and restore").
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p secrets
# The folder keeps other users of this machine out; the files mounted into containers (which run as
# other uids: postgres 999, the platform 1000) must be readable by those uids.
chmod 700 secrets
umask 077
[[ -e secrets/platform.env ]] && { echo "init-secrets: secrets/ exists already; not overwriting keys" >&2; exit 1; }
password="$(openssl rand -hex 24)"
printf '%s' "$password" >secrets/postgres-password
printf 'KC_BOOTSTRAP_ADMIN_PASSWORD=%s\n' "$(openssl rand -hex 16)" >secrets/keycloak.env
openssl genpkey -algorithm ed25519 -out secrets/audit-signing-key.pem
cat >secrets/platform.env <<ENV
DATABASE_URL=postgres://fallverbund:${password}@postgres:5432/fallverbund
ENCRYPTION_MASTER_KEY=$(openssl rand -base64 32)
SEARCH_INDEX_KEY=$(openssl rand -base64 32)
ENV
printf 'DATABASE_URL=postgres://fallverbund:%s@postgres:5432/evaluation\n' "$password" >secrets/evaluation.env
chmod 0444 secrets/postgres-password secrets/audit-signing-key.pem
echo "init-secrets: wrote deploy/compose/secrets/"
