/** Why an access is lawful; recorded with every access. */
export type LegalBasis =
  | { kind: 'team' }
  | { kind: 'consent'; consentId: string }
  | { kind: 'statute'; norm: '§8a SGB VIII'; justification: string; declarationId: string };

/**
 * 'team' | 'consent:<id>' | '§8a SGB VIII declaration:<declarationId>'. A § 8a basis names the
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
  }
};
