import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The team-signals read model: what a team lead steers by, and nothing personal. No names, no
 * participant id, no sealed field: ids, agencies, statuses and instants only, so erasure has nothing
 * to purge here. Timestamps are ISO strings, dates YYYY-MM-DD, as in the other read models.
 */
@Entity({ name: 'team_signal_cases' })
@Index(['leadAgencyId', 'status'])
export class TeamSignalCase {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 100 })
  leadAgencyId!: string;

  /** `active`, `aftercare` or `closed`. */
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** The participant's data were erased: no work can be recorded any more, so no signal is raised. */
  @Column({ type: 'boolean', default: false })
  erased!: boolean;

  /** The coaches: caseworkers and team leads of the lead agency on the case team, in the order they joined. */
  @Column({ type: 'simple-json' })
  coachUserIds!: string[];

  @Column({ type: 'varchar', length: 30 })
  openedAt!: string;

  /** The latest contact's (corrected) instant; null while the case has none. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  lastContactAt!: string | null;

  /** The stream version applied last: an event at or below it is skipped (idempotent per position). */
  @Column({ type: 'integer' })
  version!: number;
}

/** One row per contact: a correction may move a contact, so the latest one is recomputed from these. */
@Entity({ name: 'team_signal_contacts' })
@Index(['caseId'])
export class TeamSignalContact {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contactId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 30 })
  occurredAt!: string;
}

/** One row per referral: where it stands, and its waiting time (sent → first appointment). */
@Entity({ name: 'team_signal_referrals' })
@Index(['status'])
export class TeamSignalReferral {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  referralId!: string;

  @Column({ type: 'varchar', length: 100 })
  partnerAgencyId!: string;

  @Column({ type: 'varchar', length: 30 })
  sentAt!: string;

  /** `sent`, `accepted`, `declined`, `first_appointment`, `completed` or `cancelled`. */
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  firstAppointmentAt!: string | null;
}

/** One row per step of a case's latest plan version: when it is due, and whether it is done. */
@Entity({ name: 'team_signal_plan_steps' })
@Index(['done', 'dueDate'])
export class TeamSignalPlanStep {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  stepId!: string;

  @Column({ type: 'integer' })
  planVersion!: number;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  dueDate!: string;

  @Column({ type: 'boolean', default: false })
  done!: boolean;
}

export const TEAM_SIGNAL_ENTITIES = [TeamSignalCase, TeamSignalContact, TeamSignalReferral, TeamSignalPlanStep];
