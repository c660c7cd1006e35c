#!/usr/bin/env bash
# Makes the secrets compose.yaml reads, once, into deploy/compose/secrets/ (ignored by git). Keep a
# copy of the keys apart from the database backups (docs/operations.md, "Backup and restore").
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p secrets
umask 077
[[ -e secrets/platform.env ]] && { echo "init-secrets: secrets/ exists already; not overwriting keys" >&2; exit 1; }
password="$(openssl rand -hex 24)"
printf '%s' "$password" >secrets/postgres-password
openssl rand -hex 16 >secrets/keycloak-admin-password
openssl genpkey -algorithm ed25519 -out secrets/audit-signing-key.pem
cat >secrets/platform.env <<ENV
DATABASE_URL=postgres://fallverbund:${password}@postgres:5432/fallverbund
ENCRYPTION_MASTER_KEY=$(openssl rand -base64 32)
SEARCH_INDEX_KEY=$(openssl rand -base64 32)
ENV
printf 'DATABASE_URL=postgres://fallverbund:%s@postgres:5432/evaluation\n' "$password" >secrets/evaluation.env
# The containers run as uid 1000 and read the key file through a bind mount.
if [[ "$(id -u)" == "0" ]]; then chown 1000:1000 secrets/audit-signing-key.pem; fi
chmod 0400 secrets/audit-signing-key.pem
echo "init-secrets: wrote deploy/compose/secrets/"
