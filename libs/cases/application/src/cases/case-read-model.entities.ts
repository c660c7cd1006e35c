import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per case. Holds the participant's identity in clear for fast reads, so erasure must purge
 * it here too (the log keeps only ciphertext). Timestamps are ISO strings: the same columns work on
 * PostgreSQL and SQLite.
 */
@Entity({ name: 'case_summaries' })
export class CaseSummary {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  givenName!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  familyName!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  birthDate!: string | null;

  @Column({ type: 'boolean', default: false })
  participantErased!: boolean;

  @Column({ type: 'varchar', length: 100 })
  leadAgencyId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'varchar', length: 30 })
  openedAt!: string;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;

  /** The stream version this row reflects: the case's ETag. */
  @Column({ type: 'integer' })
  version!: number;
}

@Entity({ name: 'case_team_members' })
@Index(['userId', 'caseId'])
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
}

/** What happened in a case, without content: who did what, when, for which purpose. */
@Entity({ name: 'case_timeline' })
@Index(['caseId', 'version'], { unique: true })
export class CaseTimelineEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 60 })
  type!: string;

  @Column({ type: 'varchar', length: 30 })
  occurredAt!: string;

  @Column({ type: 'varchar', length: 100 })
  actorUserId!: string;

  @Column({ type: 'varchar', length: 100 })
  actorAgencyId!: string;

  @Column({ type: 'varchar', length: 40 })
  purpose!: string;

  /** Non-personal details of the event, e.g. which user joined the team. */
  @Column({ type: 'simple-json' })
  details!: Record<string, string>;
}

export const READ_MODEL_ENTITIES = [CaseSummary, CaseTeamMember, CaseTimelineEntry];
