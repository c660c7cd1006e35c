export {
  type AuditEntry,
  canonicalJson,
  entryDigest,
  leafInputOf,
  leafOfDigest,
  randomSalt,
  sha256,
} from './lib/audit-entry';
export {
  type AuditLogHead,
  type AuditLogStore,
  type AuditRecord,
  type AuditSearch,
  type AuditSearchPage,
  type Checkpoint,
} from './lib/audit-log-store';
export { AuditSequencer, type AuditSequencerOptions, type Integrator } from './lib/audit-sequencer';
export {
  AuditSyncTimeoutError,
  PostgresAuditLogStore,
  type PostgresAuditLogStoreOptions,
  postgresAuditLogSchema,
} from './lib/postgres-audit-log-store';
export {
  SQLITE_AUDIT_LOG_SCHEMA,
  SqliteAuditLogStore,
  type SqliteAuditLogStoreOptions,
} from './lib/sqlite-audit-log-store';
export {
  checkpointMessage,
  CheckpointSigner,
  keyIdOf,
  verifyCheckpoint,
  verifyCheckpointConsistency,
} from './lib/checkpoints';
export {
  type ExportTrailer,
  type LogVerdict,
  verifyLog,
  verifyRecordAgainstCheckpoint,
  type VerifyLogOptions,
} from './lib/verify';
export { exportLog } from './lib/export';
export {
  buildEntryProof,
  type EntryProof,
  ErasedEntryError,
  InconsistentLogError,
  issueExtendingCheckpoint,
  proveInclusion,
  ProofRangeError,
  type RecordInclusion,
} from './lib/entry-proof';
