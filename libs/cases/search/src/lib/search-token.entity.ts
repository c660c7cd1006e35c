import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per search term of a case's participant (BlindIndex tokens of identityTerms). The key
 * (token, caseId) is the index a search walks: one range per asked token. The rows are personal data
 * of the participant: erasure deletes them by participant.
 */
@Entity({ name: 'case_search_tokens' })
@Index(['participantId'])
export class CaseSearchToken {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  token!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 36 })
  participantId!: string;
}
