export { POLICY_VERSION, PURPOSE_NEEDS, STATUTORY_PURPOSES } from './lib/policy.tables';
export {
  consentEndsAt,
  isConsentActive,
  isDeclarationActive,
  OPEN_REFERRAL_STATUSES,
  type CaseFacts,
  type ChildProtectionDeclarationFacts,
  type ConsentFacts,
  type ReferralFacts,
  type ReferralFactsStatus,
  type RestrictionFacts,
  type AccuracyDisputeFacts,
} from './lib/case-facts';
export { formatLegalBasis, RESTRICTION_BASIS, SUPERVISION_BASIS, type LegalBasis } from './lib/legal-basis';
export {
  CASE_LIST_CATEGORIES,
  caseListRules,
  decideCaseAccess,
  mayDecideRestriction,
  restrictedCategoriesOf,
  mayDeclareChildProtection,
  mayOpenCase,
  SUPERVISION_CATEGORIES,
  type CaseAccess,
  type CaseAction,
  type CaseListRules,
} from './lib/case-access.policy';
export {
  decidePartnerCover,
  partnerCoverEnd,
  type PartnerCover,
  type PartnerCoverBasis,
  type PartnerCoverEndReason,
  type PartnerCoverRequest,
  type PartnerSubscriber,
} from './lib/partner-cover.policy';
export * from './lib/team-signals.policy';
export * from './lib/invitee.policy';
export * from './lib/free-text.policy';
export * from './lib/disclosure.policy';
export * from './lib/referral-disclosure.policy';
export * from './lib/entrusted-notes.policy';
export * from './lib/declarable-purposes.policy';
