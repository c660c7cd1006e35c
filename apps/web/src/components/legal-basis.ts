import type { TFunction } from 'i18next';

/** The bases the staff's texts name, by how the API's spelling starts (`basis.<key>` in de.json / en.json). */
const BASES: readonly (readonly [prefix: string, key: string])[] = [
  ['consent:', 'consent'],
  ['§67c', 'supervision'],
  ['§8a', 'childProtection'],
  ['conference invitation:', 'conferenceInvitation'],
  ['conference agreement:', 'conferenceAgreement'],
  ['§78', 'partnerRecord'],
  ['Art. 15 GDPR', 'subjectAccess'],
  ['Art. 39 GDPR', 'dpo'],
  ['Art. 89 GDPR', 'statistics'],
];

/**
 * A legal basis as the API and the audit log spell it (`team`, `consent:<id>`,
 * `§67c Abs. 3 SGB X supervision`, `§8a SGB VIII declaration:<id>`, `conference invitation:<id>`,
 * `§78 Abs. 1 SGB X partner record`, `Art. 39 GDPR: data protection officer`, …), in words; one it does not know
 * as the API spells it.
 */
export function legalBasisInWords(basis: string, t: TFunction): string {
  if (basis === 'team') return t('basis.team');
  if (basis === 'team_lead') return t('basis.teamLead');
  const known = BASES.find(([prefix]) => basis.startsWith(prefix));
  return known ? t(`basis.${known[1]}`) : basis;
}
