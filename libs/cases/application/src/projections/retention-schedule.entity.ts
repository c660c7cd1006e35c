import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The retention schedule (issue 17): per case and retention class of its legal domain, when the period
 * started and when the class's action is due, so that the daily run reads only the due rows (a partial
 * index on the due date of the open rows) instead of every case. Nothing personal but the participant id (for erasure's
 * purge) and, for a youth-office file, the due date that follows from the birth date; that one is
 * dropped when the participant is erased. Instants are ISO strings, days YYYY-MM-DD, as elsewhere.
 */
@Entity({ name: 'retention_schedule' })
// Only the rows still to be acted on, in the order the run reads them: its time follows the due rows.
@Index(['dueAt', 'caseId', 'classId'], { where: `"status" IN ('pending', 'held')` })
@Index(['participantId'])
export class RetentionScheduleRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  /** The retention class (docs/retention.md), e.g. `sgb2-file`. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  classId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  /** The lead agency: its data protection officer sees the row in the report. */
  @Column({ type: 'varchar', length: 100 })
  leadAgencyId!: string;

  /** The legal domain of the lead agency's type. */
  @Column({ type: 'varchar', length: 20 })
  domain!: string;

  /** What happens at the end: erase_subject_key, erase_category_key, restrict, offer_to_archive. */
  @Column({ type: 'varchar', length: 30 })
  action!: string;

  /** case_closed, last_treatment or birth_date. */
  @Column({ type: 'varchar', length: 20 })
  startsAt!: string;

  /** The day the period counts from; null before the start event and for a birth date (not kept). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  startedOn!: string | null;

  /** When the action is due (ISO instant); null while it cannot be known. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  dueAt!: string | null;

  /** `pending`, `held` (a hold of the DPO) or `done`. */
  @Column({ type: 'varchar', length: 10 })
  status!: string;

  /** For offer_to_archive: `due`, `offered` (dueAt: when the archive's time ends), `answered`. */
  @Column({ type: 'varchar', length: 10 })
  phase!: string;

  /** The case's latest closing (null while open) and last health note: the facts the due date follows. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  closedAt!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  lastHealthNoteAt!: string | null;

  /** The stream version applied last. */
  @Column({ type: 'integer' })
  version!: number;
}
