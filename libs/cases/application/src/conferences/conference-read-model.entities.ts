import { type ConferenceAttendee } from '@fallverbund/cases-domain';
import { type PersonalEnvelope } from '@fallverbund/event-store';
import { type DataCategory } from '@fallverbund/kernel';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per case conference (category `case_admin`). Topic and decisions stay sealed under the
 * participant's key; invitees, agreement and attendees are in clear, so the invitee's view can decide
 * who may see what without opening anything. Timestamps are ISO strings.
 */
@Entity({ name: 'case_conferences' })
@Index(['caseId', 'plannedFor'])
export class ConferenceRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  conferenceId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  /** The name the participant has for the agencies that may not identify them. */
  @Column({ type: 'varchar', length: 20 })
  pseudonym!: string;

  @Column({ type: 'simple-json', nullable: true })
  topicSealed!: PersonalEnvelope | null;

  /** The topic's data category, in clear (`case_admin` for a conference scheduled before categories). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  topicCategory!: DataCategory | null;

  @Column({ type: 'simple-json' })
  invitedAgencyIds!: string[];

  @Column({ type: 'varchar', length: 30 })
  plannedFor!: string;

  @Column({ type: 'varchar', length: 100 })
  scheduledBy!: string;

  @Column({ type: 'varchar', length: 30 })
  scheduledAt!: string;

  /** The participant's answer; null while none is recorded. */
  @Column({ type: 'boolean', nullable: true })
  agreed!: boolean | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  agreementForm!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  agreementRecordedBy!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  agreementRecordedAt!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  heldAt!: string | null;

  /** Who took part, and whether each agency saw the participant identified at the time. */
  @Column({ type: 'simple-json', nullable: true })
  attendees!: ConferenceAttendee[] | null;

  @Column({ type: 'simple-json', nullable: true })
  sharedCategories!: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  decisionsSealed!: PersonalEnvelope | null;

  /** The data category of each decision by position, in clear; null before categories (all `case_admin`). */
  @Column({ type: 'simple-json', nullable: true })
  decisionCategories!: DataCategory[] | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  minutesRecordedBy!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  minutesRecordedAt!: string | null;

  /** The case stream version applied last: an event at or below it is skipped (idempotent per position). */
  @Column({ type: 'integer' })
  streamVersion!: number;
}
