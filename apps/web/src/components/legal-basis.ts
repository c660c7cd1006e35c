import type { TFunction } from 'i18next';

/**
 * A legal basis as the API and the audit log spell it (`team`, `consent:<id>`,
 * `§67c Abs. 3 SGB X supervision`, `§8a SGB VIII declaration:<id>`, `conference invitation:<id>`,
 * `§78 Abs. 1 SGB X partner record`, `Art. 39 GDPR: data protection officer`, …), in words; one it does not know
 * as the API spells it.
 */
export function legalBasisInWords(basis: string, t: TFunction): string {
  if (basis === 'team') return t('basis.team');
  if (basis.startsWith('consent:')) return t('basis.consent');
  if (basis.startsWith('§67c')) return t('basis.supervision');
  if (basis.startsWith('§8a')) return t('basis.childProtection');
  if (basis === 'team_lead') return t('basis.teamLead');
  if (basis.startsWith('conference invitation:')) return t('basis.conferenceInvitation');
  if (basis.startsWith('conference agreement:')) return t('basis.conferenceAgreement');
  if (basis.startsWith('§78')) return t('basis.partnerRecord');
  if (basis.startsWith('Art. 15 GDPR')) return t('basis.subjectAccess');
  if (basis.startsWith('Art. 39 GDPR')) return t('basis.dpo');
  if (basis.startsWith('Art. 89 GDPR')) return t('basis.statistics');
  return basis;
}
