import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Category `progress`: one row per assessment and rated dimension. Ratings are no free text and are
 * not sealed (the event carries them in the clear); the row names the case, never the participant.
 */
@Entity({ name: 'case_progress_ratings' })
@Index(['caseId', 'assessedAt'])
export class ProgressRatingRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  assessmentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  dimension!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  /** `coach` or `self`. */
  @Column({ type: 'varchar', length: 10 })
  perspective!: string;

  /** A whole number from 1 to 5. */
  @Column({ type: 'integer' })
  rating!: number;

  @Column({ type: 'varchar', length: 30 })
  assessedAt!: string;

  @Column({ type: 'varchar', length: 100 })
  recordedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  recordedAt!: string;
}
