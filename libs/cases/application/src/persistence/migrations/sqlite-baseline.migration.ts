import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The embedded database of the last release without migrations (d512f81): the stores' tables, then
 * the read-model tables TypeORM synchronised from the entities. A copy, not a call of the stores'
 * DDL; `IF NOT EXISTS` throughout, so a file that release created is only recorded as migrated.
 */
const BASELINE: readonly string[] = [
  // Event store (libs/platform/event-store, sqlite-event-store.ts).
  `CREATE TABLE IF NOT EXISTS events (
    global_position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (stream_id, version)
  )`,
  `CREATE TABLE IF NOT EXISTS subscription_checkpoints (
    subscription_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`,
  // Subject keys (subject-keys.ts).
  `CREATE TABLE IF NOT EXISTS subject_keys (
    subject_id TEXT PRIMARY KEY, wrapped_key TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS erased_subjects (subject_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL)`,
  // Audit log (libs/audit/log, sqlite-audit-log-store.ts).
  `CREATE TABLE IF NOT EXISTS audit_log (
    idx INTEGER PRIMARY KEY CHECK (idx >= 0),
    entry TEXT,
    salt BLOB,
    digest BLOB NOT NULL,
    leaf_hash BLOB NOT NULL,
    appended_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((entry IS NULL) = (salt IS NULL))
  )`,
  `CREATE TABLE IF NOT EXISTS audit_log_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    frontier BLOB NOT NULL
  )`,
  `INSERT OR IGNORE INTO audit_log_head (id, size, frontier) VALUES (1, 0, x'')`,
  `CREATE TABLE IF NOT EXISTS audit_log_nodes (
    level INTEGER NOT NULL CHECK (level > 0),
    idx INTEGER NOT NULL CHECK (idx >= 0),
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS audit_checkpoints (
    tree_size INTEGER NOT NULL,
    root_hash TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    signature TEXT NOT NULL,
    key_id TEXT NOT NULL,
    PRIMARY KEY (tree_size, key_id)
  )`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_case ON audit_log (json_extract(entry, '$.caseRef'), idx)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_user ON audit_log (json_extract(entry, '$.actor.userId'), idx)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_agency ON audit_log (json_extract(entry, '$.actor.agencyId'), idx)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (json_extract(entry, '$.occurredAt'), idx)`,
  // Relay state (integration/relay-state.ts).
  `CREATE TABLE IF NOT EXISTS relay_checkpoints (
    relay_id TEXT PRIMARY KEY,
    position TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS relay_partner_covers (
    subscriber_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('covered', 'ended')),
    episode TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    covered_until TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, case_id)
  )`,
  `CREATE INDEX IF NOT EXISTS relay_partner_covers_case ON relay_partner_covers (case_id)`,
  `CREATE INDEX IF NOT EXISTS relay_partner_covers_due ON relay_partner_covers (state, covered_until)`,
  // Read models, snapshots, the search index and projection checkpoints, as TypeORM's schema
  // builder created them for the entities of d512f81.
  `CREATE TABLE IF NOT EXISTS "case_search_tokens" ("token" varchar(24) NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36) NOT NULL, PRIMARY KEY ("token", "caseId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_86e1f6afb1b42387b7ea3b7948" ON "case_search_tokens" ("participantId")`,
  `CREATE TABLE IF NOT EXISTS "case_summaries" ("caseId" varchar(36) PRIMARY KEY NOT NULL, "participantId" varchar(36) NOT NULL, "participantSealed" text, "participantErased" boolean NOT NULL DEFAULT (0), "leadAgencyId" varchar(100) NOT NULL, "leadAgencyType" varchar(40) NOT NULL, "status" varchar(20) NOT NULL, "exitReason" varchar(40), "followUps" text, "access" text NOT NULL, "openedAt" varchar(30) NOT NULL, "updatedAt" varchar(30) NOT NULL, "version" integer NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_5bb425b848eafbece63438ed5b" ON "case_summaries" ("leadAgencyId", "openedAt", "caseId")`,
  `CREATE TABLE IF NOT EXISTS "case_team_members" ("caseId" varchar(36) NOT NULL, "userId" varchar(100) NOT NULL, "agencyId" varchar(100) NOT NULL, "role" varchar(40) NOT NULL, "addedAt" varchar(30) NOT NULL, "caseOpenedAt" varchar(30) NOT NULL, PRIMARY KEY ("caseId", "userId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_dafea759acafe30e8c236b05af" ON "case_team_members" ("userId", "agencyId", "caseOpenedAt", "caseId")`,
  `CREATE TABLE IF NOT EXISTS "case_consent_grants" ("consentId" varchar(36) NOT NULL, "purpose" varchar(40) NOT NULL, "recipientId" varchar(100) NOT NULL, "caseId" varchar(36) NOT NULL, "recipientKind" varchar(10) NOT NULL, "coversCaseAdmin" boolean NOT NULL, "coversIdentity" boolean NOT NULL DEFAULT (0), "caseOpenedAt" varchar(30) NOT NULL DEFAULT (''), "validUntil" varchar(10), "withdrawn" boolean NOT NULL DEFAULT (0), PRIMARY KEY ("consentId", "purpose", "recipientId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_165623d003d45b1e806dc5cca6" ON "case_consent_grants" ("recipientId", "purpose", "caseOpenedAt", "caseId")`,
  `CREATE INDEX IF NOT EXISTS "IDX_cce74d10e0ac2d2d5ec5bcaf3c" ON "case_consent_grants" ("caseId", "purpose")`,
  `CREATE TABLE IF NOT EXISTS "child_protection_declarations" ("declarationId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "userId" varchar(100) NOT NULL, "agencyId" varchar(100) NOT NULL, "justification" text NOT NULL, "declaredAt" varchar(30) NOT NULL, "expiresAt" varchar(30) NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_2ae2c825baaaf387e5db84dd42" ON "child_protection_declarations" ("userId", "caseId")`,
  `CREATE TABLE IF NOT EXISTS "case_health_notes" ("noteId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36) NOT NULL, "textSealed" text, "authorUserId" varchar(100) NOT NULL, "authorAgencyId" varchar(100) NOT NULL, "secrecy" boolean NOT NULL, "recordedAt" varchar(30) NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_62c3f6d1ed3eebf411dc194216" ON "case_health_notes" ("caseId", "recordedAt")`,
  `CREATE TABLE IF NOT EXISTS "case_contacts" ("contactId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36) NOT NULL, "kind" varchar(30) NOT NULL, "occurredAt" varchar(30) NOT NULL, "durationMinutes" integer NOT NULL, "participants" text NOT NULL, "summarySealed" text, "summaryCategory" varchar(20), "recordedBy" varchar(100) NOT NULL, "recordedAt" varchar(30) NOT NULL, "original" text NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_fff8a638852f3247904be551f6" ON "case_contacts" ("caseId", "occurredAt")`,
  `CREATE TABLE IF NOT EXISTS "case_contact_corrections" ("correctionId" varchar(36) PRIMARY KEY NOT NULL, "contactId" varchar(36) NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36) NOT NULL, "changes" text NOT NULL, "summaryChanged" boolean NOT NULL, "sealed" text, "summaryCategory" varchar(20), "reasonCategory" varchar(20), "correctedBy" varchar(100) NOT NULL, "correctedAt" varchar(30) NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_7ca97adf7214c43f417c14b115" ON "case_contact_corrections" ("caseId")`,
  `CREATE TABLE IF NOT EXISTS "case_snapshots" ("stream_id" varchar(100) PRIMARY KEY NOT NULL, "version" integer NOT NULL, "state_format" integer NOT NULL, "state" text NOT NULL, "taken_at" varchar(30) NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "team_signal_cases" ("caseId" varchar(36) PRIMARY KEY NOT NULL, "leadAgencyId" varchar(100) NOT NULL, "status" varchar(20) NOT NULL, "erased" boolean NOT NULL DEFAULT (0), "coachUserIds" text NOT NULL, "openedAt" varchar(30) NOT NULL, "lastContactAt" varchar(30), "version" integer NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_6b827a7256130dff795b1c7711" ON "team_signal_cases" ("leadAgencyId", "status")`,
  `CREATE TABLE IF NOT EXISTS "team_signal_contacts" ("contactId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "occurredAt" varchar(30) NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_6baab1e8bd2130f486110e319a" ON "team_signal_contacts" ("caseId")`,
  `CREATE TABLE IF NOT EXISTS "team_signal_referrals" ("caseId" varchar(36) NOT NULL, "referralId" varchar(64) NOT NULL, "partnerAgencyId" varchar(100) NOT NULL, "sentAt" varchar(30) NOT NULL, "status" varchar(20) NOT NULL, "firstAppointmentAt" varchar(30), PRIMARY KEY ("caseId", "referralId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_dc04922f75d81605da721517ba" ON "team_signal_referrals" ("status")`,
  `CREATE TABLE IF NOT EXISTS "team_signal_plan_steps" ("caseId" varchar(36) NOT NULL, "stepId" varchar(64) NOT NULL, "planVersion" integer NOT NULL, "dueDate" varchar(10) NOT NULL, "done" boolean NOT NULL DEFAULT (0), PRIMARY KEY ("caseId", "stepId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_d9796fcb220798aa788ecd55cb" ON "team_signal_plan_steps" ("done", "dueDate")`,
  `CREATE TABLE IF NOT EXISTS "case_progress_ratings" ("assessmentId" varchar(36) NOT NULL, "dimension" varchar(30) NOT NULL, "caseId" varchar(36) NOT NULL, "perspective" varchar(10) NOT NULL, "rating" integer NOT NULL, "assessedAt" varchar(30) NOT NULL, "recordedBy" varchar(100) NOT NULL, "recordedAt" varchar(30) NOT NULL, PRIMARY KEY ("assessmentId", "dimension"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_fcc05c628e8391dc82b083b930" ON "case_progress_ratings" ("caseId", "assessedAt")`,
  `CREATE TABLE IF NOT EXISTS "evaluation_cases" ("caseKey" varchar(36) PRIMARY KEY NOT NULL, "leadAgencyId" varchar(100) NOT NULL, "leadAgencyType" varchar(40) NOT NULL, "status" varchar(20) NOT NULL, "exitReason" varchar(40), "openedMonth" varchar(7) NOT NULL, "closedMonth" varchar(7), "latestRatings" text NOT NULL, "version" integer NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_1dd160699475199d12b1dae062" ON "evaluation_cases" ("leadAgencyId")`,
  `CREATE TABLE IF NOT EXISTS "evaluation_contacts" ("contactId" varchar(36) PRIMARY KEY NOT NULL, "caseKey" varchar(36) NOT NULL, "month" varchar(7) NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_986522cc6e7f14b4b2553e64e3" ON "evaluation_contacts" ("caseKey")`,
  `CREATE TABLE IF NOT EXISTS "evaluation_referrals" ("referralId" varchar(36) PRIMARY KEY NOT NULL, "caseKey" varchar(36) NOT NULL, "partnerAgencyId" varchar(100) NOT NULL, "waitingDays" integer)`,
  `CREATE INDEX IF NOT EXISTS "IDX_91d4481fba7b2dedf44f75a8aa" ON "evaluation_referrals" ("caseKey")`,
  `CREATE TABLE IF NOT EXISTS "case_plans" ("caseId" varchar(36) PRIMARY KEY NOT NULL, "participantId" varchar(36) NOT NULL, "status" varchar(30) NOT NULL, "latestVersion" integer NOT NULL, "agreedVersion" integer, "updatedAt" varchar(30) NOT NULL, "streamVersion" integer NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "case_plan_versions" ("caseId" varchar(36) NOT NULL, "version" integer NOT NULL, "participantId" varchar(36) NOT NULL, "legalStatus" text NOT NULL, "contentSealed" text, "textCategories" text, "schedule" text NOT NULL, "draftedBy" varchar(100) NOT NULL, "draftedAt" varchar(30) NOT NULL, "agreedAt" varchar(30), "agreedBy" varchar(100), "agreementForm" varchar(20), PRIMARY KEY ("caseId", "version"))`,
  `CREATE TABLE IF NOT EXISTS "case_plan_steps" ("caseId" varchar(36) NOT NULL, "stepId" varchar(64) NOT NULL, "planVersion" integer NOT NULL, "dueDate" varchar(10) NOT NULL, "completedAt" varchar(30), "completedBy" varchar(100), PRIMARY KEY ("caseId", "stepId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_f721a206bf9a7e61b11232a810" ON "case_plan_steps" ("dueDate")`,
  `CREATE TABLE IF NOT EXISTS "case_plan_disputes" ("caseId" varchar(36) NOT NULL, "streamVersion" integer NOT NULL, "participantId" varchar(36) NOT NULL, "planVersion" integer NOT NULL, "reasonSealed" text, "disputedBy" varchar(100) NOT NULL, "disputedAt" varchar(30) NOT NULL, "mediationRequestedAt" varchar(30), "mediationRequestedBy" varchar(100), "mediationOutcome" varchar(30), "mediationConcludedAt" varchar(30), "mediationConcludedBy" varchar(100), PRIMARY KEY ("caseId", "streamVersion"))`,
  `CREATE TABLE IF NOT EXISTS "case_conferences" ("conferenceId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36) NOT NULL, "pseudonym" varchar(20) NOT NULL, "topicSealed" text, "topicCategory" varchar(20), "invitedAgencyIds" text NOT NULL, "plannedFor" varchar(30) NOT NULL, "scheduledBy" varchar(100) NOT NULL, "scheduledAt" varchar(30) NOT NULL, "agreed" boolean, "agreementForm" varchar(20), "agreementRecordedBy" varchar(100), "agreementRecordedAt" varchar(30), "heldAt" varchar(30), "attendees" text, "sharedCategories" text, "decisionsSealed" text, "decisionCategories" text, "minutesRecordedBy" varchar(100), "minutesRecordedAt" varchar(30), "streamVersion" integer NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_fb843323ac0eeb1e4478405f67" ON "case_conferences" ("caseId", "plannedFor")`,
  `CREATE TABLE IF NOT EXISTS "case_referrals" ("referralId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36) NOT NULL, "partnerAgencyId" varchar(100) NOT NULL, "purpose" varchar(40) NOT NULL, "sharedCategories" text NOT NULL, "consentIds" text NOT NULL, "status" varchar(20) NOT NULL, "reasonSealed" text, "referredBy" varchar(100) NOT NULL, "referredByAgencyId" varchar(100) NOT NULL, "sentAt" varchar(30) NOT NULL, "acceptedAt" varchar(30), "declinedAt" varchar(30), "declineReason" varchar(40), "plannedAppointmentAt" varchar(30), "firstAppointmentAt" varchar(30), "waitingDays" integer, "completedAt" varchar(30), "attended" boolean, "goalReached" boolean, "cancelledAt" varchar(30), "cancelReason" varchar(40), "version" integer NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_cecd878c023487f360633caeea" ON "case_referrals" ("partnerAgencyId", "sentAt")`,
  `CREATE INDEX IF NOT EXISTS "IDX_291ef5d5543e2b9faa27092b94" ON "case_referrals" ("caseId", "sentAt")`,
  `CREATE TABLE IF NOT EXISTS "case_referral_steps" ("referralId" varchar(36) NOT NULL, "status" varchar(20) NOT NULL, "caseId" varchar(36) NOT NULL, "reachedAt" varchar(30) NOT NULL, "reachedBy" varchar(100) NOT NULL, "reachedByAgencyId" varchar(100) NOT NULL, PRIMARY KEY ("referralId", "status"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_8dc132425f6785192d028088fb" ON "case_referral_steps" ("caseId")`,
  `CREATE TABLE IF NOT EXISTS "case_entrusted_notes" ("noteId" varchar(36) PRIMARY KEY NOT NULL, "caseId" varchar(36) NOT NULL, "participantId" varchar(36) NOT NULL, "textSealed" text, "entrustedBy" varchar(30) NOT NULL, "authorUserId" varchar(100) NOT NULL, "authorAgencyId" varchar(100) NOT NULL, "recordedAt" varchar(30) NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "IDX_f227849609cefe0e4a9e348cc0" ON "case_entrusted_notes" ("caseId", "recordedAt")`,
  `CREATE TABLE IF NOT EXISTS "projection_checkpoints" ("name" varchar(100) PRIMARY KEY NOT NULL, "position" varchar(60) NOT NULL, "updatedAt" varchar(30) NOT NULL)`,
];

export class SqliteBaseline1796428800000 implements MigrationInterface {
  readonly name = 'SqliteBaseline1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of BASELINE) await queryRunner.query(statement);
  }

  down(): Promise<void> {
    return Promise.reject(new Error('the baseline is not reverted: restore a backup of the database file instead'));
  }
}
