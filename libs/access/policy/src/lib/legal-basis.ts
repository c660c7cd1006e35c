/** Why an access is lawful; recorded with every access. */
export type LegalBasis =
  | { kind: 'team' }
  | { kind: 'consent'; consentId: string }
  | { kind: 'statute'; norm: '§8a SGB VIII'; declarationId: string }
  /** A team lead's supervision of the own agency's cases: no change of purpose (§ 67c Abs. 3 SGB X). */
  | { kind: 'supervision'; norm: '§67c Abs. 3 SGB X' }
  /** The data protection officer reads restricted data (§ 84 SGB X, Art. 18 Abs. 2 GDPR). */
  | { kind: 'restriction'; norm: '§84 SGB X' };

/** The words of the supervision basis, as recorded in the audit log. */
export const SUPERVISION_BASIS = '§67c Abs. 3 SGB X supervision';

/** The words of the restriction basis, as recorded in the audit log. */
export const RESTRICTION_BASIS = '§84 SGB X restriction';

/**
 * 'team' | 'consent:<id>' | '§8a SGB VIII declaration:<declarationId>' | '§67c Abs. 3 SGB X supervision'. A § 8a basis names the
 * declaration, never its justification: that is a professional's free text and may name people.
 */
export const formatLegalBasis = (b: LegalBasis): string => {
  switch (b.kind) {
    case 'team':
      return 'team';
    case 'consent':
      return `consent:${b.consentId}`;
    case 'statute':
      return `${b.norm} declaration:${b.declarationId}`;
    case 'supervision':
      return SUPERVISION_BASIS;
    case 'restriction':
      return RESTRICTION_BASIS;
  }
};
