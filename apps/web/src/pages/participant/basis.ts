import type { TFunction } from 'i18next';
import type { Schema } from '../../api/client';

/** One legal basis of an access as the participant routes answer it (structured, not a string). */
export type ParticipantBasis = Schema<'AccessLegalBasisDto'>;

/**
 * A legal basis in plain words for the person the case is about: "Ihre Einwilligung vom 04.12.2026",
 * "gesetzliche Aufgabe von Jobcenter Mitte (… § 35 SGB I)", "Schutz eines Kindes (§ 8a SGB VIII)".
 * The staff wording (components/legal-basis.ts) names the same rules; this one speaks to "Sie".
 */
export function participantBasisInWords(
  basis: ParticipantBasis,
  agency: string,
  t: TFunction,
  date: (value: string) => string,
): string {
  if (basis.kind === 'consent') {
    if (basis.conferenceId) return t('participant.basis.conference');
    const by = basis.consentGivenBy ?? 'participant';
    return basis.consentGivenAt
      ? t(`participant.basis.consentBy.${by}`, { date: date(basis.consentGivenAt) })
      : t('participant.basis.consentUndated');
  }
  const statute = basis.statute ?? '';
  const compact = statute.replace(/\s+/g, '');
  // The team rule's norm (§ 35 SGB I) is said with who that is; another norm the API may name is quoted.
  if (basis.kind === 'team')
    return statute && compact !== '§35SGBI'
      ? t('participant.basis.teamStatute', { agency, statute })
      : t('participant.basis.team', { agency });
  if (compact.startsWith('§67c')) return t('participant.basis.supervision');
  if (compact.startsWith('§8a')) return t('participant.basis.childProtection');
  if (compact.startsWith('Art.15')) return t('participant.basis.ownAccess');
  if (compact.startsWith('§84')) return t('participant.basis.erasure');
  if (compact.startsWith('§78')) return t('participant.basis.transfer');
  if (compact.startsWith('Art.39')) return t('participant.basis.dpo');
  if (compact.startsWith('Art.89')) return t('participant.basis.statistics');
  if (compact.startsWith('Art.7')) return t('participant.basis.ownWithdrawal');
  return statute ? t('participant.basis.statute', { statute: statute.replace(/\s*declaration:.*$/, '') }) : '–';
}

/** Several bases: "A und B". */
export function basesInWords(
  bases: readonly ParticipantBasis[],
  agency: string,
  t: TFunction,
  date: (value: string) => string,
): string {
  const words = bases.map((b) => participantBasisInWords(b, agency, t, date));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${t('participant.basis.and')} ${words[words.length - 1]}`;
}
