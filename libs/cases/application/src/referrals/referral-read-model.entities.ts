import { type PersonalEnvelope } from '@fallverbund/event-store';
import { type DataCategory } from '@fallverbund/kernel';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Category `referrals`: one row per referral, in its current state. The reason stays sealed under the
 * participant's key (erased with it); the partner's report back is an attestation only, never text.
 * `version` is the case stream version of the last event applied, so an event applied again changes
 * nothing.
 */
@Entity({ name: 'case_referrals' })
@Index(['caseId', 'sentAt'])
@Index(['partnerAgencyId', 'sentAt'])
export class ReferralRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  referralId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  /** The data subject, for erasure. */
  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'varchar', length: 100 })
  partnerAgencyId!: string;

  @Column({ type: 'varchar', length: 40 })
  purpose!: string;

  @Column({ type: 'simple-json' })
  sharedCategories!: DataCategory[];

  /** The consents that covered the shared categories when the referral was sent. */
  @Column({ type: 'simple-json' })
  consentIds!: string[];

  /** sent, accepted, declined, first_appointment, completed or cancelled. */
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'simple-json', nullable: true })
  reasonSealed!: PersonalEnvelope | null;

  @Column({ type: 'varchar', length: 100 })
  referredBy!: string;

  @Column({ type: 'varchar', length: 100 })
  referredByAgencyId!: string;

  @Column({ type: 'varchar', length: 30 })
  sentAt!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  acceptedAt!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  declinedAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  declineReason!: string | null;

  /** The first appointment as planned last (may lie ahead); kept once it is held. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  plannedAppointmentAt!: string | null;

  /** When the first appointment took place. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  firstAppointmentAt!: string | null;

  /** Whole days from sending to the first appointment. */
  @Column({ type: 'integer', nullable: true })
  waitingDays!: number | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  completedAt!: string | null;

  @Column({ type: 'boolean', nullable: true })
  attended!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  goalReached!: boolean | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  cancelledAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  cancelReason!: string | null;

  @Column({ type: 'integer' })
  version!: number;
}

/** Each status a referral reached, when and by whom; a referral reaches each status at most once. */
@Entity({ name: 'case_referral_steps' })
@Index(['caseId'])
export class ReferralStepRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  referralId!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 30 })
  reachedAt!: string;

  @Column({ type: 'varchar', length: 100 })
  reachedBy!: string;

  @Column({ type: 'varchar', length: 100 })
  reachedByAgencyId!: string;
}

/** How a referral went after it was sent, as both the case's view and the partner's own record show it. */
export const referralCourse = (r: ReferralRow) => ({
  declined: r.declinedAt && r.declineReason ? { at: r.declinedAt, reason: r.declineReason } : null,
  plannedAppointmentAt: r.plannedAppointmentAt,
  firstAppointmentAt: r.firstAppointmentAt,
  waitingDays: r.waitingDays,
  completedAt: r.completedAt,
  attestation:
    r.attended === null || r.goalReached === null
      ? null
      : { attended: Boolean(r.attended), goalReached: Boolean(r.goalReached) },
  cancelled: r.cancelledAt && r.cancelReason ? { at: r.cancelledAt, reason: r.cancelReason } : null,
});
