import type { TFunction } from 'i18next';

/**
 * A legal basis as the API and the audit log spell it (`team`, `consent:<id>`,
 * `§67c Abs. 3 SGB X supervision`, `§8a SGB VIII declaration:<id>`), in words.
 */
export function legalBasisInWords(basis: string, t: TFunction): string {
  if (basis === 'team') return t('basis.team');
  if (basis.startsWith('consent:')) return t('basis.consent');
  if (basis.startsWith('§67c')) return t('basis.supervision');
  if (basis.startsWith('§8a')) return t('basis.childProtection');
  return basis;
}
