export { POLICY_VERSION, PURPOSE_NEEDS, STATUTORY_PURPOSES } from './lib/policy.tables';
export {
  isConsentActive,
  isDeclarationActive,
  type CaseFacts,
  type ChildProtectionDeclarationFacts,
  type ConsentFacts,
} from './lib/case-facts';
export { formatLegalBasis, type LegalBasis } from './lib/legal-basis';
export {
  decideCaseAccess,
  mayDeclareChildProtection,
  mayOpenCase,
  type CaseAccess,
  type CaseAction,
} from './lib/case-access.policy';
