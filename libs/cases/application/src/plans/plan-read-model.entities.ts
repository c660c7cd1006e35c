import { type PlanLegalStatus, type PlanTextCategories, type StepDue } from '@fallverbund/cases-domain';
import { type PersonalEnvelope } from '@fallverbund/event-store';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The cooperation plan of a case (category `plan`). Goals, steps, the participant's words and dispute
 * reasons stay sealed under the participant's key, as in the log; what signals and lists need (status,
 * versions, due dates, completion) is in clear. Timestamps are ISO strings, dates YYYY-MM-DD.
 */
@Entity({ name: 'case_plans' })
export class PlanRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  /** `draft`, `agreed`, `disputed`, `mediation_requested` or `mediation_concluded`. */
  @Column({ type: 'varchar', length: 30 })
  status!: string;

  @Column({ type: 'integer' })
  latestVersion!: number;

  @Column({ type: 'integer', nullable: true })
  agreedVersion!: number | null;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;

  /** The case stream version applied last: an event at or below it is skipped (idempotent per position). */
  @Column({ type: 'integer' })
  streamVersion!: number;
}

/** One row per plan version; its content is sealed. */
@Entity({ name: 'case_plan_versions' })
export class PlanVersionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'simple-json' })
  legalStatus!: PlanLegalStatus;

  /** Goals, steps and the participant's words, sealed; null once the participant's data are erased. */
  @Column({ type: 'simple-json', nullable: true })
  contentSealed!: PersonalEnvelope | null;

  /** The data category of each text of the content, in clear; null for a version drafted before categories (all `plan`). */
  @Column({ type: 'simple-json', nullable: true })
  textCategories!: PlanTextCategories | null;

  @Column({ type: 'simple-json' })
  schedule!: StepDue[];

  @Column({ type: 'varchar', length: 100 })
  draftedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  draftedAt!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  agreedAt!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  agreedBy!: string | null;

  /** How the participant agreed: written, electronic or verbal. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  agreementForm!: string | null;
}

/** One row per step of the latest version: when it is due and whether it is done (nothing personal). */
@Entity({ name: 'case_plan_steps' })
@Index(['dueDate'])
export class PlanStepRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  stepId!: string;

  /** The latest version that names the step. */
  @Column({ type: 'integer' })
  planVersion!: number;

  @Column({ type: 'varchar', length: 10 })
  dueDate!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  completedAt!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  completedBy!: string | null;
}

/**
 * One row per dispute, keyed by the stream version of its `PlanDisputed` event; the mediation that
 * follows it is recorded on the same row. The reason is sealed.
 */
@Entity({ name: 'case_plan_disputes' })
export class PlanDisputeRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @PrimaryColumn({ type: 'integer' })
  streamVersion!: number;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'integer' })
  planVersion!: number;

  @Column({ type: 'simple-json', nullable: true })
  reasonSealed!: PersonalEnvelope | null;

  @Column({ type: 'varchar', length: 100 })
  disputedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  disputedAt!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  mediationRequestedAt!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  mediationRequestedBy!: string | null;

  /** agreement_reached, no_agreement or withdrawn. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  mediationOutcome!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  mediationConcludedAt!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  mediationConcludedBy!: string | null;
}
