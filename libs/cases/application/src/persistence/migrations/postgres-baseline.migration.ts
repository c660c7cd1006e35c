import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { quoteIdent } from '@fallverbund/event-store';
import { migrationSchema } from './migration-schema';

/**
 * The schema of the last release without migrations (d512f81): the tables each store created on
 * start, then the read-model tables TypeORM synchronised from the entities. A copy, not a call of the
 * stores' DDL, so that the baseline stays what it was when the stores change. Every statement is
 * `IF NOT EXISTS` (or `ON CONFLICT DO NOTHING`): on a database that release created, the baseline
 * finds its tables and only records itself as run.
 */
const baseline = (s: string): string[] => [
  // Event store (libs/platform/event-store, postgres-event-store.ts).
  `CREATE TABLE IF NOT EXISTS ${s}.events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    stream_id text NOT NULL,
    version integer NOT NULL CHECK (version > 0),
    event_id uuid NOT NULL UNIQUE,
    type text NOT NULL,
    schema_version integer NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
  )`,
  `CREATE INDEX IF NOT EXISTS events_commit_order ON ${s}.events (transaction_id, global_position)`,
  `CREATE TABLE IF NOT EXISTS ${s}.subscription_checkpoints (
    subscription_id text PRIMARY KEY,
    commit_position xid8 NOT NULL,
    prepare_position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // Audit log (libs/audit/log, postgres-audit-log-store.ts), with the columns added in place before.
  `CREATE TABLE IF NOT EXISTS ${s}.audit_log (
    idx bigint PRIMARY KEY CHECK (idx >= 0),
    entry jsonb,
    salt bytea,
    digest bytea NOT NULL,
    leaf_hash bytea NOT NULL,
    appended_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((entry IS NULL) = (salt IS NULL))
  )`,
  `CREATE TABLE IF NOT EXISTS ${s}.audit_log_head (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    size bigint NOT NULL,
    frontier bytea NOT NULL
  )`,
  `INSERT INTO ${s}.audit_log_head (size, frontier) VALUES (0, '\\x') ON CONFLICT DO NOTHING`,
  `CREATE TABLE IF NOT EXISTS ${s}.audit_log_nodes (
    level smallint NOT NULL CHECK (level > 0),
    idx bigint NOT NULL CHECK (idx >= 0),
    hash bytea NOT NULL,
    PRIMARY KEY (level, idx)
  )`,
  `CREATE TABLE IF NOT EXISTS ${s}.audit_checkpoints (
    tree_size bigint NOT NULL,
    root_hash text NOT NULL,
    issued_at text NOT NULL,
    signature text NOT NULL,
    key_id text NOT NULL,
    PRIMARY KEY (tree_size, key_id)
  )`,
  `ALTER TABLE ${s}.audit_log ADD COLUMN IF NOT EXISTS queue_id bigint UNIQUE`,
  `CREATE TABLE IF NOT EXISTS ${s}.audit_log_queue (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    entry jsonb NOT NULL,
    salt bytea NOT NULL
  )`,
  `ALTER TABLE ${s}.audit_log_queue ADD COLUMN IF NOT EXISTS enqueued_at timestamptz NOT NULL DEFAULT now()`,
  `CREATE INDEX IF NOT EXISTS audit_log_queue_in_commit_order ON ${s}.audit_log_queue (transaction_id, id)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_case ON ${s}.audit_log ((entry->>'caseRef'), idx)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_user ON ${s}.audit_log ((entry->'actor'->>'userId'), idx)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_agency ON ${s}.audit_log ((entry->'actor'->>'agencyId'), idx)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_time ON ${s}.audit_log ((entry->>'occurredAt') COLLATE "C", idx)`,
  // Subject keys (libs/platform/event-store, subject-keys.ts).
  `CREATE TABLE IF NOT EXISTS ${s}.subject_keys (
    subject_id text PRIMARY KEY, wrapped_key text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${s}.erased_subjects (subject_id text PRIMARY KEY, erased_at timestamptz NOT NULL)`,
  // Relay state (integration/relay-state.ts).
  `CREATE TABLE IF NOT EXISTS ${s}.relay_checkpoints (
    relay_id text PRIMARY KEY,
    position text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS ${s}.relay_partner_covers (
    subscriber_id text NOT NULL,
    case_id text NOT NULL,
    state text NOT NULL CHECK (state IN ('covered', 'ended')),
    episode text NOT NULL,
    sequence integer NOT NULL,
    covered_until timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber_id, case_id)
  )`,
  `CREATE INDEX IF NOT EXISTS relay_partner_covers_case ON ${s}.relay_partner_covers (case_id)`,
  `CREATE INDEX IF NOT EXISTS relay_partner_covers_due ON ${s}.relay_partner_covers (covered_until)
    WHERE state = 'covered'`,
  // Read models, snapshots, the search index and projection checkpoints: what TypeORM's schema
  // builder created for the entities of d512f81.
  `CREATE TABLE IF NOT EXISTS ${s}."case_search_tokens" ("token" character varying(24) NOT NULL, "caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, CONSTRAINT "PK_d92d8534f28526e6e7a2b6300cd" PRIMARY KEY ("token", "caseId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_86e1f6afb1b42387b7ea3b7948" ON ${s}."case_search_tokens" ("participantId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_summaries" ("caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "participantSealed" text, "participantErased" boolean NOT NULL DEFAULT false, "leadAgencyId" character varying(100) NOT NULL, "leadAgencyType" character varying(40) NOT NULL, "status" character varying(20) NOT NULL, "exitReason" character varying(40), "followUps" text, "access" text NOT NULL, "openedAt" character varying(30) NOT NULL, "updatedAt" character varying(30) NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_883ad9c1632881bbfebdb1b060e" PRIMARY KEY ("caseId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_5bb425b848eafbece63438ed5b" ON ${s}."case_summaries" ("leadAgencyId", "openedAt", "caseId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_team_members" ("caseId" character varying(36) NOT NULL, "userId" character varying(100) NOT NULL, "agencyId" character varying(100) NOT NULL, "role" character varying(40) NOT NULL, "addedAt" character varying(30) NOT NULL, "caseOpenedAt" character varying(30) NOT NULL, CONSTRAINT "PK_aa04975b611ac5a5c42e61c33a0" PRIMARY KEY ("caseId", "userId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_dafea759acafe30e8c236b05af" ON ${s}."case_team_members" ("userId", "agencyId", "caseOpenedAt", "caseId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_consent_grants" ("consentId" character varying(36) NOT NULL, "purpose" character varying(40) NOT NULL, "recipientId" character varying(100) NOT NULL, "caseId" character varying(36) NOT NULL, "recipientKind" character varying(10) NOT NULL, "coversCaseAdmin" boolean NOT NULL, "coversIdentity" boolean NOT NULL DEFAULT false, "caseOpenedAt" character varying(30) NOT NULL DEFAULT '', "validUntil" character varying(10), "withdrawn" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_cf6910903d6ef463bc30db5c415" PRIMARY KEY ("consentId", "purpose", "recipientId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_165623d003d45b1e806dc5cca6" ON ${s}."case_consent_grants" ("recipientId", "purpose", "caseOpenedAt", "caseId")`,
  `CREATE INDEX IF NOT EXISTS "IDX_cce74d10e0ac2d2d5ec5bcaf3c" ON ${s}."case_consent_grants" ("caseId", "purpose")`,
  `CREATE TABLE IF NOT EXISTS ${s}."child_protection_declarations" ("declarationId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "userId" character varying(100) NOT NULL, "agencyId" character varying(100) NOT NULL, "justification" text NOT NULL, "declaredAt" character varying(30) NOT NULL, "expiresAt" character varying(30) NOT NULL, CONSTRAINT "PK_8ef69530d15286bc596a774faa5" PRIMARY KEY ("declarationId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_2ae2c825baaaf387e5db84dd42" ON ${s}."child_protection_declarations" ("userId", "caseId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_health_notes" ("noteId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "textSealed" text, "authorUserId" character varying(100) NOT NULL, "authorAgencyId" character varying(100) NOT NULL, "secrecy" boolean NOT NULL, "recordedAt" character varying(30) NOT NULL, CONSTRAINT "PK_ebf2869e3d1fc54e0dd7cd8b11a" PRIMARY KEY ("noteId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_62c3f6d1ed3eebf411dc194216" ON ${s}."case_health_notes" ("caseId", "recordedAt")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_contacts" ("contactId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "kind" character varying(30) NOT NULL, "occurredAt" character varying(30) NOT NULL, "durationMinutes" integer NOT NULL, "participants" text NOT NULL, "summarySealed" text, "summaryCategory" character varying(20), "recordedBy" character varying(100) NOT NULL, "recordedAt" character varying(30) NOT NULL, "original" text NOT NULL, CONSTRAINT "PK_7404e13d41b892d63d601ff2eb6" PRIMARY KEY ("contactId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_fff8a638852f3247904be551f6" ON ${s}."case_contacts" ("caseId", "occurredAt")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_contact_corrections" ("correctionId" character varying(36) NOT NULL, "contactId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "changes" text NOT NULL, "summaryChanged" boolean NOT NULL, "sealed" text, "summaryCategory" character varying(20), "reasonCategory" character varying(20), "correctedBy" character varying(100) NOT NULL, "correctedAt" character varying(30) NOT NULL, CONSTRAINT "PK_b6c3d2bfbd986e3beffffab8393" PRIMARY KEY ("correctionId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_7ca97adf7214c43f417c14b115" ON ${s}."case_contact_corrections" ("caseId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_snapshots" ("stream_id" character varying(100) NOT NULL, "version" integer NOT NULL, "state_format" integer NOT NULL, "state" text NOT NULL, "taken_at" character varying(30) NOT NULL, CONSTRAINT "PK_e99d4cf1d547485504d47b9e204" PRIMARY KEY ("stream_id"))`,
  `CREATE TABLE IF NOT EXISTS ${s}."team_signal_cases" ("caseId" character varying(36) NOT NULL, "leadAgencyId" character varying(100) NOT NULL, "status" character varying(20) NOT NULL, "erased" boolean NOT NULL DEFAULT false, "coachUserIds" text NOT NULL, "openedAt" character varying(30) NOT NULL, "lastContactAt" character varying(30), "version" integer NOT NULL, CONSTRAINT "PK_236f35d858db729ce7e93ec50f4" PRIMARY KEY ("caseId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_6b827a7256130dff795b1c7711" ON ${s}."team_signal_cases" ("leadAgencyId", "status")`,
  `CREATE TABLE IF NOT EXISTS ${s}."team_signal_contacts" ("contactId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "occurredAt" character varying(30) NOT NULL, CONSTRAINT "PK_98802709633399ed910e9c97ceb" PRIMARY KEY ("contactId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_6baab1e8bd2130f486110e319a" ON ${s}."team_signal_contacts" ("caseId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."team_signal_referrals" ("caseId" character varying(36) NOT NULL, "referralId" character varying(64) NOT NULL, "partnerAgencyId" character varying(100) NOT NULL, "sentAt" character varying(30) NOT NULL, "status" character varying(20) NOT NULL, "firstAppointmentAt" character varying(30), CONSTRAINT "PK_32b577cc22571258ae33d7f7332" PRIMARY KEY ("caseId", "referralId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_dc04922f75d81605da721517ba" ON ${s}."team_signal_referrals" ("status")`,
  `CREATE TABLE IF NOT EXISTS ${s}."team_signal_plan_steps" ("caseId" character varying(36) NOT NULL, "stepId" character varying(64) NOT NULL, "planVersion" integer NOT NULL, "dueDate" character varying(10) NOT NULL, "done" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_c4de7909ddb50568a8cc6a92719" PRIMARY KEY ("caseId", "stepId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_d9796fcb220798aa788ecd55cb" ON ${s}."team_signal_plan_steps" ("done", "dueDate")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_progress_ratings" ("assessmentId" character varying(36) NOT NULL, "dimension" character varying(30) NOT NULL, "caseId" character varying(36) NOT NULL, "perspective" character varying(10) NOT NULL, "rating" integer NOT NULL, "assessedAt" character varying(30) NOT NULL, "recordedBy" character varying(100) NOT NULL, "recordedAt" character varying(30) NOT NULL, CONSTRAINT "PK_f418c0e8bfc388b9c13956b3fc2" PRIMARY KEY ("assessmentId", "dimension"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_fcc05c628e8391dc82b083b930" ON ${s}."case_progress_ratings" ("caseId", "assessedAt")`,
  `CREATE TABLE IF NOT EXISTS ${s}."evaluation_cases" ("caseKey" character varying(36) NOT NULL, "leadAgencyId" character varying(100) NOT NULL, "leadAgencyType" character varying(40) NOT NULL, "status" character varying(20) NOT NULL, "exitReason" character varying(40), "openedMonth" character varying(7) NOT NULL, "closedMonth" character varying(7), "latestRatings" text NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_c132b414269c4a80deeb8b8f919" PRIMARY KEY ("caseKey"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_1dd160699475199d12b1dae062" ON ${s}."evaluation_cases" ("leadAgencyId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."evaluation_contacts" ("contactId" character varying(36) NOT NULL, "caseKey" character varying(36) NOT NULL, "month" character varying(7) NOT NULL, CONSTRAINT "PK_0bd43d84bf3a776342308614a78" PRIMARY KEY ("contactId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_986522cc6e7f14b4b2553e64e3" ON ${s}."evaluation_contacts" ("caseKey")`,
  `CREATE TABLE IF NOT EXISTS ${s}."evaluation_referrals" ("referralId" character varying(36) NOT NULL, "caseKey" character varying(36) NOT NULL, "partnerAgencyId" character varying(100) NOT NULL, "waitingDays" integer, CONSTRAINT "PK_121879230ca3e585282b1e24068" PRIMARY KEY ("referralId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_91d4481fba7b2dedf44f75a8aa" ON ${s}."evaluation_referrals" ("caseKey")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_plans" ("caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "status" character varying(30) NOT NULL, "latestVersion" integer NOT NULL, "agreedVersion" integer, "updatedAt" character varying(30) NOT NULL, "streamVersion" integer NOT NULL, CONSTRAINT "PK_3d32fdd1e19a7bf34b80e5d4483" PRIMARY KEY ("caseId"))`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_plan_versions" ("caseId" character varying(36) NOT NULL, "version" integer NOT NULL, "participantId" character varying(36) NOT NULL, "legalStatus" text NOT NULL, "contentSealed" text, "textCategories" text, "schedule" text NOT NULL, "draftedBy" character varying(100) NOT NULL, "draftedAt" character varying(30) NOT NULL, "agreedAt" character varying(30), "agreedBy" character varying(100), "agreementForm" character varying(20), CONSTRAINT "PK_d02b711a2c6eae0b33c612337ee" PRIMARY KEY ("caseId", "version"))`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_plan_steps" ("caseId" character varying(36) NOT NULL, "stepId" character varying(64) NOT NULL, "planVersion" integer NOT NULL, "dueDate" character varying(10) NOT NULL, "completedAt" character varying(30), "completedBy" character varying(100), CONSTRAINT "PK_42a68ae3fa713c90dd65f821b2f" PRIMARY KEY ("caseId", "stepId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_f721a206bf9a7e61b11232a810" ON ${s}."case_plan_steps" ("dueDate")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_plan_disputes" ("caseId" character varying(36) NOT NULL, "streamVersion" integer NOT NULL, "participantId" character varying(36) NOT NULL, "planVersion" integer NOT NULL, "reasonSealed" text, "disputedBy" character varying(100) NOT NULL, "disputedAt" character varying(30) NOT NULL, "mediationRequestedAt" character varying(30), "mediationRequestedBy" character varying(100), "mediationOutcome" character varying(30), "mediationConcludedAt" character varying(30), "mediationConcludedBy" character varying(100), CONSTRAINT "PK_68ebb50c6ef0bc726b766cc21aa" PRIMARY KEY ("caseId", "streamVersion"))`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_conferences" ("conferenceId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "pseudonym" character varying(20) NOT NULL, "topicSealed" text, "topicCategory" character varying(20), "invitedAgencyIds" text NOT NULL, "plannedFor" character varying(30) NOT NULL, "scheduledBy" character varying(100) NOT NULL, "scheduledAt" character varying(30) NOT NULL, "agreed" boolean, "agreementForm" character varying(20), "agreementRecordedBy" character varying(100), "agreementRecordedAt" character varying(30), "heldAt" character varying(30), "attendees" text, "sharedCategories" text, "decisionsSealed" text, "decisionCategories" text, "minutesRecordedBy" character varying(100), "minutesRecordedAt" character varying(30), "streamVersion" integer NOT NULL, CONSTRAINT "PK_9f08175f222474ddaa295bbd46e" PRIMARY KEY ("conferenceId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_fb843323ac0eeb1e4478405f67" ON ${s}."case_conferences" ("caseId", "plannedFor")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_referrals" ("referralId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "partnerAgencyId" character varying(100) NOT NULL, "purpose" character varying(40) NOT NULL, "sharedCategories" text NOT NULL, "consentIds" text NOT NULL, "status" character varying(20) NOT NULL, "reasonSealed" text, "referredBy" character varying(100) NOT NULL, "referredByAgencyId" character varying(100) NOT NULL, "sentAt" character varying(30) NOT NULL, "acceptedAt" character varying(30), "declinedAt" character varying(30), "declineReason" character varying(40), "plannedAppointmentAt" character varying(30), "firstAppointmentAt" character varying(30), "waitingDays" integer, "completedAt" character varying(30), "attended" boolean, "goalReached" boolean, "cancelledAt" character varying(30), "cancelReason" character varying(40), "version" integer NOT NULL, CONSTRAINT "PK_31bf336625eb98b6b9e407f0966" PRIMARY KEY ("referralId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_cecd878c023487f360633caeea" ON ${s}."case_referrals" ("partnerAgencyId", "sentAt")`,
  `CREATE INDEX IF NOT EXISTS "IDX_291ef5d5543e2b9faa27092b94" ON ${s}."case_referrals" ("caseId", "sentAt")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_referral_steps" ("referralId" character varying(36) NOT NULL, "status" character varying(20) NOT NULL, "caseId" character varying(36) NOT NULL, "reachedAt" character varying(30) NOT NULL, "reachedBy" character varying(100) NOT NULL, "reachedByAgencyId" character varying(100) NOT NULL, CONSTRAINT "PK_c0a1c13240f9b87c5f323effa13" PRIMARY KEY ("referralId", "status"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_8dc132425f6785192d028088fb" ON ${s}."case_referral_steps" ("caseId")`,
  `CREATE TABLE IF NOT EXISTS ${s}."case_entrusted_notes" ("noteId" character varying(36) NOT NULL, "caseId" character varying(36) NOT NULL, "participantId" character varying(36) NOT NULL, "textSealed" text, "entrustedBy" character varying(30) NOT NULL, "authorUserId" character varying(100) NOT NULL, "authorAgencyId" character varying(100) NOT NULL, "recordedAt" character varying(30) NOT NULL, CONSTRAINT "PK_22fcc28d45c121815ae71c29784" PRIMARY KEY ("noteId"))`,
  `CREATE INDEX IF NOT EXISTS "IDX_f227849609cefe0e4a9e348cc0" ON ${s}."case_entrusted_notes" ("caseId", "recordedAt")`,
  `CREATE TABLE IF NOT EXISTS ${s}."projection_checkpoints" ("name" character varying(100) NOT NULL, "position" character varying(60) NOT NULL, "updatedAt" character varying(30) NOT NULL, CONSTRAINT "PK_0f69cb98ee85030b5da44336510" PRIMARY KEY ("name"))`,
];

export class PostgresBaseline1796428800000 implements MigrationInterface {
  readonly name = 'PostgresBaseline1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = quoteIdent(migrationSchema(queryRunner));
    for (const statement of baseline(s)) await queryRunner.query(statement);
  }

  down(): Promise<void> {
    return Promise.reject(new Error('the baseline is not reverted: restore a backup of the database instead'));
  }
}
