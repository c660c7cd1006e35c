# shellcheck shell=bash
# Sourced by backup.sh and restore.sh: names a key without revealing it.

# 16 hex digits of SHA-256 over a fixed label and the key's 32 bytes (a check value, as for HSM keys).
symmetric_key_check() {
  { printf 'fallverbund key check\n'; printf '%s' "$1" | base64 -d; } | sha256sum | cut -c1-16
}

# The API's keyId for a checkpoint key: 16 hex digits of SHA-256 over the DER public key.
audit_key_id() {
  openssl pkey -in "$1" -pubout -outform DER 2>/dev/null | sha256sum | cut -c1-16
}
