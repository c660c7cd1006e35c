import { type PersonalEnvelope } from '@fallverbund/event-store';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Category `youth_welfare` (§ 65 SGB VIII); the text stays sealed under the participant's key. */
@Entity({ name: 'case_entrusted_notes' })
@Index(['caseId', 'recordedAt'])
export class EntrustedNoteRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  noteId!: string;

  @Column({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;

  @Column({ type: 'simple-json', nullable: true })
  textSealed!: PersonalEnvelope | null;

  /** participant | legal_guardian | other_person: a role, never a name. */
  @Column({ type: 'varchar', length: 30 })
  entrustedBy!: string;

  @Column({ type: 'varchar', length: 100 })
  authorUserId!: string;

  @Column({ type: 'varchar', length: 100 })
  authorAgencyId!: string;

  @Column({ type: 'varchar', length: 30 })
  recordedAt!: string;
}
