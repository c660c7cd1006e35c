import { type CaseAccess } from '@fallverbund/access-policy';
import { type PersonalDataVault } from '@fallverbund/event-store';
import { ERASED, type Erased } from '@fallverbund/kernel';
import { type DataSource } from 'typeorm';
import { EntrustedNoteRow } from './entrusted-note-read-model.entities';

export interface EntrustedNoteView {
  readonly id: string;
  readonly text: string | Erased;
  /** participant | legal_guardian | other_person */
  readonly entrustedBy: string;
  readonly author: { userId: string; agencyId: string };
  readonly recordedAt: string;
}

/** The `youth_welfare` section of a case: the entrusted notes this reader may read, and how many are withheld. */
export interface YouthWelfareSection {
  readonly notes: readonly EntrustedNoteView[];
  readonly withheldNotes: number;
}

/**
 * § 65 SGB VIII: of the notes, only those the policy releases to this reader (the author, a person a
 * consent names, the § 8a declarer) are opened; the others are counted, never opened or described.
 */
export const youthWelfareSection = async (
  dataSource: DataSource,
  vault: PersonalDataVault,
  caseId: string,
  access: CaseAccess,
): Promise<YouthWelfareSection> => {
  const rows = await dataSource
    .getRepository(EntrustedNoteRow)
    .find({ where: { caseId }, order: { recordedAt: 'ASC' } });
  const readable = rows.filter((n) => access.canReadEntrustedNote(n.authorUserId));
  const texts = await vault.open(readable.map((n) => n.textSealed));
  return {
    notes: readable.map((n, i) => ({
      id: n.noteId,
      text: (texts[i]?.['text'] as string | undefined) ?? ERASED,
      entrustedBy: n.entrustedBy,
      author: { userId: n.authorUserId, agencyId: n.authorAgencyId },
      recordedAt: n.recordedAt,
    })),
    withheldNotes: rows.length - readable.length,
  };
};
