import { type Perspective, type ProgressDimension } from '@fallverbund/cases-domain';
import { type DataCategory } from '@fallverbund/kernel';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The latest rating of each dimension in each perspective, with when it was assessed. */
export type LatestRatings = Partial<
  Record<Perspective, Partial<Record<ProgressDimension, { readonly rating: number; readonly at: string }>>>
>;

/**
 * What the evaluation figures need of one case, and nothing more: no participant, no names, no free
 * text, no dates finer than a month. The case id is only the key that joins the rows; it is never
 * served. `version` is the last stream version applied, so an event is applied at most once.
 */
@Entity({ name: 'evaluation_cases' })
@Index(['leadAgencyId'])
export class EvaluationCaseRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseKey!: string;

  @Column({ type: 'varchar', length: 100 })
  leadAgencyId!: string;

  @Column({ type: 'varchar', length: 40 })
  leadAgencyType!: string;

  /** `active`, `aftercare` or `closed`. */
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** Set while the case is closed. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  exitReason!: string | null;

  /** YYYY-MM */
  @Column({ type: 'varchar', length: 7 })
  openedMonth!: string;

  /** YYYY-MM of the closure, while the case is closed. */
  @Column({ type: 'varchar', length: 7, nullable: true })
  closedMonth!: string | null;

  @Column({ type: 'simple-json' })
  latestRatings!: LatestRatings;

  /**
   * The restriction of processing in force (§ 84 SGB X): `"case"` or the restricted categories; null
   * when none. Restricted data are left out of every figure (`unrestrictedFacts`).
   */
  @Column({ type: 'simple-json', nullable: true })
  restriction!: 'case' | DataCategory[] | null;

  @Column({ type: 'integer' })
  version!: number;
}

/** The month of each contact (kept per contact so that a correction of its date moves it). */
@Entity({ name: 'evaluation_contacts' })
@Index(['caseKey'])
export class EvaluationContactRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contactId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseKey!: string;

  /** YYYY-MM, UTC */
  @Column({ type: 'varchar', length: 7 })
  month!: string;
}

/** The partner agency of each referral and, once the first appointment took place, the waiting time. */
@Entity({ name: 'evaluation_referrals' })
@Index(['caseKey'])
export class EvaluationReferralRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  referralId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseKey!: string;

  /** Resolved to the agency type when the figures are computed (the directory knows the types). */
  @Column({ type: 'varchar', length: 100 })
  partnerAgencyId!: string;

  /** Whole days from sending to the first appointment; null until it took place. */
  @Column({ type: 'integer', nullable: true })
  waitingDays!: number | null;
}
