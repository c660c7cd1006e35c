import { type AccuracyDisputeFacts, type ReferralFacts, type RestrictionFacts } from '@fallverbund/access-policy';
import { type DataCategory, type Purpose, type Role } from '@fallverbund/kernel';
import { type PersonalEnvelope } from '@fallverbund/event-store';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per case. The participant's identity stays sealed under the subject's key, as in the log:
 * queries open it for the rows they return, a rebuild never decrypts, and erasure of the key erases
 * it here too. Timestamps are ISO strings: the same columns work on PostgreSQL and SQLite.
 */
@Entity({ name: 'case_summaries' })
// A team lead's list (supervision: the own agency's cases), newest first.
@Index(['leadAgencyId', 'openedAt', 'caseId'])
export class CaseSummary {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'simple-json', nullable: true })
  participantSealed!: PersonalEnvelope | null;

  @Column({ type: 'boolean', default: false })
  participantErased!: boolean;

  @Column({ type: 'varchar', length: 100 })
  leadAgencyId!: string;

  @Column({ type: 'varchar', length: 40 })
  leadAgencyType!: string;

  /** `active`, `aftercare` or `closed`. */
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** Why the case was closed; null while it is not closed. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  exitReason!: string | null;

  /** The follow-up dates (YYYY-MM-DD) of the aftercare; empty outside aftercare. */
  @Column({ type: 'simple-json', nullable: true })
  followUps!: string[] | null;

  /** What the access policy needs about this case, so that a read decides without loading the stream. */
  @Column({ type: 'simple-json' })
  access!: CaseAccessFacts;

  @Column({ type: 'varchar', length: 30 })
  openedAt!: string;

  /**
   * When the first contact took place (intake; the case's `firstContactAt`, else its opening). Null in a row
   * written before this column existed, until the read models are rebuilt.
   */
  @Column({ type: 'varchar', length: 30, nullable: true })
  firstContactAt!: string | null;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;

  /** The stream version this row reflects: the case's ETag. */
  @Column({ type: 'integer' })
  version!: number;
}

/** Also the index of "my cases": by member, newest case first, so a list reads only one page of it. */
@Entity({ name: 'case_team_members' })
// The case list walks a person's team places, newest case first.
@Index(['userId', 'agencyId', 'caseOpenedAt', 'caseId'])
export class CaseTeamMember {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  agencyId!: string;

  @Column({ type: 'varchar', length: 40 })
  role!: string;

  @Column({ type: 'varchar', length: 30 })
  addedAt!: string;

  @Column({ type: 'varchar', length: 30 })
  caseOpenedAt!: string;
}

export interface ConsentRecord {
  consentId: string;
  purposes: Purpose[];
  dataCategories: DataCategory[];
  recipientAgencyIds: string[];
  recipientUserIds: string[];
  validUntil: string | null;
  form: string;
  grantedBy: string;
  evidenceRef: string | null;
  recordedBy: string;
  grantedAt: string;
  withdrawnAt: string | null;
}

export interface CaseAccessFacts {
  team: { userId: string; agencyId: string; role: Role }[];
  consents: ConsentRecord[];
  childProtectionDeclarations: {
    declarationId: string;
    userId: string;
    declaredAt: string;
    expiresAt: string;
  }[];
  /** What rule `referral` needs of each referral; absent in rows projected before referrals existed. */
  referrals?: ReferralFacts[];
  /** § 84 SGB X restriction in force; absent in rows projected before restriction existed: none. */
  restriction?: RestrictionFacts | null;
  /** The disputed-accuracy flag; absent before it existed: none. */
  accuracyDispute?: AccuracyDisputeFacts | null;
}

/**
 * One row per consent, purpose and recipient: lets a list filter by consent in the database (an
 * index lookup) instead of loading cases to ask the policy about each.
 */
@Entity({ name: 'case_consent_grants' })
@Index(['caseId', 'purpose'])
// The case list walks the grants naming a person or their agency, newest case first.
@Index(['recipientId', 'purpose', 'caseOpenedAt', 'caseId'])
export class CaseConsentGrant {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  consentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  purpose!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  recipientId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 10 })
  recipientKind!: 'agency' | 'user';

  @Column({ type: 'boolean' })
  coversCaseAdmin!: boolean;

  /** Rows projected before the case list went by `identity` have false here until the projection is rebuilt: they fail closed. */
  @Column({ type: 'boolean', default: false })
  coversIdentity!: boolean;

  /** When the case was opened: the list's order. Rows projected before it read '' (last) until the projection is rebuilt. */
  @Column({ type: 'varchar', length: 30, default: '' })
  caseOpenedAt!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  validUntil!: string | null;

  @Column({ type: 'boolean', default: false })
  withdrawn!: boolean;
}

/**
 * Access under § 8a SGB VIII, listed for the data protection officer. The justification stays sealed under
 * the participant's key (category `youth_welfare`); declarations recorded before it was sealed keep their
 * clear text in `justification` and have no `participantId`.
 */
@Entity({ name: 'child_protection_declarations' })
@Index(['userId', 'caseId'])
export class ChildProtectionDeclarationRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  declarationId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  participantId!: string | null;

  @Column({ type: 'varchar', length: 100 })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  agencyId!: string;

  /** Only in declarations recorded before the justification was sealed. */
  @Column({ type: 'text', nullable: true })
  justification!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  justificationSealed!: PersonalEnvelope | null;

  @Column({ type: 'varchar', length: 30 })
  declaredAt!: string;

  @Column({ type: 'varchar', length: 30 })
  expiresAt!: string;
}

/** Category `health`; the text stays sealed under the participant's key. */
@Entity({ name: 'case_health_notes' })
@Index(['caseId', 'recordedAt'])
export class HealthNoteRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  noteId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'simple-json', nullable: true })
  textSealed!: PersonalEnvelope | null;

  @Column({ type: 'varchar', length: 100 })
  authorUserId!: string;

  @Column({ type: 'varchar', length: 100 })
  authorAgencyId!: string;

  @Column({ type: 'boolean' })
  secrecy!: boolean;

  @Column({ type: 'varchar', length: 30 })
  recordedAt!: string;
}

/** Category `contacts`: the contact as first recorded; the summary stays sealed under the participant's key. */
@Entity({ name: 'case_contacts' })
@Index(['caseId', 'occurredAt'])
export class ContactRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contactId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: string;

  /** The current (corrected) instant, for the order of the list. */
  @Column({ type: 'varchar', length: 30 })
  occurredAt!: string;

  @Column({ type: 'integer' })
  durationMinutes!: number;

  @Column({ type: 'simple-json' })
  participants!: string[];

  @Column({ type: 'simple-json', nullable: true })
  summarySealed!: PersonalEnvelope | null;

  /** The data category of the summary as first recorded, in clear (`contacts` when recorded before categories). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  summaryCategory!: DataCategory | null;

  @Column({ type: 'varchar', length: 100 })
  recordedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  recordedAt!: string;

  /** The fields as first recorded (the row's other columns hold the current version). */
  @Column({ type: 'simple-json' })
  original!: { kind: string; occurredAt: string; durationMinutes: number; participants: string[] };
}

/** One correction of a contact; summary and reason stay sealed. */
@Entity({ name: 'case_contact_corrections' })
@Index(['caseId'])
export class ContactCorrectionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  correctionId!: string;

  @Column({ type: 'varchar', length: 36 })
  contactId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'simple-json' })
  changes!: { kind?: string; occurredAt?: string; durationMinutes?: number; participants?: string[] };

  @Column({ type: 'boolean' })
  summaryChanged!: boolean;

  @Column({ type: 'simple-json', nullable: true })
  sealed!: PersonalEnvelope | null;

  /** The data categories of the corrected summary (null when unchanged) and of the reason, in clear. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  summaryCategory!: DataCategory | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  reasonCategory!: DataCategory | null;

  @Column({ type: 'varchar', length: 100 })
  correctedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  correctedAt!: string;
}

export const READ_MODEL_ENTITIES = [
  CaseSummary,
  CaseTeamMember,
  CaseConsentGrant,
  ChildProtectionDeclarationRow,
  HealthNoteRow,
  ContactRow,
  ContactCorrectionRow,
];
