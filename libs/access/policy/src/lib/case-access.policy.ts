import { AbilityBuilder, createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import { DATA_CATEGORIES, type Actor, type DataCategory, type Purpose, type Role } from '@fallverbund/kernel';
import {
  isConsentActive,
  isDeclarationActive,
  OPEN_REFERRAL_STATUSES,
  type CaseFacts,
  type ConsentFacts,
} from './case-facts';
import { mayReadEntrustedNote } from './entrusted-notes.policy';
import { formatLegalBasis, type LegalBasis } from './legal-basis';
import { NEVER_TEAM_PURPOSES, PURPOSE_NEEDS, STATUTORY_PURPOSES } from './policy.tables';

export type CaseAction = 'read' | 'record';

/** What one actor may do with one case, for one declared purpose, at one instant. */
export interface CaseAccess {
  /** At least one category is readable; a case that is not visible is answered with 404. */
  readonly visible: boolean;
  /** Readable categories, in DATA_CATEGORIES order; recordable too, but for those granted by a read-only rule (supervision): see `can`. */
  readonly granted: readonly DataCategory[];
  /** DATA_CATEGORIES minus granted. */
  readonly withheld: readonly DataCategory[];
  can(action: CaseAction, category: DataCategory): boolean;
  /** The basis of the first rule (table order) that grants the category; null when it is withheld. */
  basisFor(category: DataCategory): LegalBasis | null;
  /** Secrecy-holder data (health notes by a health professional): may this actor read a note authored by `authorUserId`? */
  canReadSecrecyNote(authorUserId: string): boolean;
  /** § 65 SGB VIII: may this actor read a note entrusted to the youth-office caseworker `authorUserId`? */
  canReadEntrustedNote(authorUserId: string): boolean;
  /**
   * Categories a rule would grant but a restriction of processing (§ 84 SGB X) withholds from this
   * actor: asked for, they are refused with CASE.RESTRICTED, never hidden as not found.
   */
  readonly restricted: readonly DataCategory[];
  /** The CASL ability built for this request: actions `read`/`record` on subject `Case` ({ caseId }), fields = categories. */
  readonly ability: MongoAbility;
}

export interface CaseAccessRequest {
  actor: Actor;
  purpose: Purpose;
  now: Date;
  facts: CaseFacts;
}

interface Grant {
  categories: readonly DataCategory[];
  basis: LegalBasis;
  /** What the grant allows; both unless the rule says read only (supervision). */
  actions?: readonly CaseAction[];
}

const CASE_ACTIONS: CaseAction[] = ['read', 'record'];
const TEAM_ROLES: readonly Role[] = ['caseworker', 'team_lead', 'health_professional'];
const CONSENT_ROLES: readonly Role[] = [...TEAM_ROLES, 'partner_staff'];
const CASE_OPENER_ROLES: readonly Role[] = ['caseworker', 'team_lead'];
const SUPERVISOR_ROLES: readonly Role[] = ['team_lead'];
/**
 * What supervision (§ 67c Abs. 3 SGB X) may read of a case, within what the purpose may need: the
 * course of the work (who, when, what was planned, referred and reached), never the sensitive
 * categories (health, addiction, youth_welfare) nor finances; for those the team lead joins the team.
 */
export const SUPERVISION_CATEGORIES: readonly DataCategory[] = [
  'identity',
  'case_admin',
  'contacts',
  'plan',
  'referrals',
  'progress',
];

// A team entry binds a person as a member of one agency; acting for another agency is not being on the team.
const isOnTeam = (actor: Actor, facts: CaseFacts): boolean =>
  facts.team.some((m) => m.userId === actor.userId && m.agencyId === actor.agencyId);

const consentCovers = (consent: ConsentFacts, purpose: Purpose, now: Date): boolean =>
  isConsentActive(consent, now) && consent.purposes.includes(purpose);

const isStatutoryTeamPurpose = (purpose: Purpose, statutory: readonly Purpose[]): boolean =>
  statutory.includes(purpose) && !NEVER_TEAM_PURPOSES.includes(purpose);

/** Rule `team`: the lead agency's own team, for a statutory purpose of its type. */
const teamGrants = ({ actor, purpose, facts }: CaseAccessRequest): Grant[] =>
  TEAM_ROLES.includes(actor.role) &&
  isOnTeam(actor, facts) &&
  actor.agencyId === facts.leadAgencyId &&
  isStatutoryTeamPurpose(purpose, STATUTORY_PURPOSES[facts.leadAgencyType])
    ? [{ categories: PURPOSE_NEEDS[purpose], basis: { kind: 'team' } }]
    : [];

/**
 * Rule `consent`: staff of other agencies, on the case team or not, one grant per active consent
 * naming the purpose and the actor's agency or the actor: the participant's consent is the basis,
 * not a place on the team.
 */
const consentGrants = ({ actor, purpose, now, facts }: CaseAccessRequest): Grant[] => {
  if (!CONSENT_ROLES.includes(actor.role) || actor.agencyId === facts.leadAgencyId) return [];
  return facts.consents
    .filter(
      (c) =>
        consentCovers(c, purpose, now) &&
        (c.recipientAgencyIds.includes(actor.agencyId) || c.recipientUserIds.includes(actor.userId)),
    )
    .map((c) => ({
      // Sensitive categories cross only when the consent names them: the intersection does that.
      categories: PURPOSE_NEEDS[purpose].filter((category) => c.dataCategories.includes(category)),
      basis: { kind: 'consent', consentId: c.consentId },
    }));
};

/**
 * Rule `referral`: staff of the partner an open referral is addressed to, without a place on the team,
 * for the referral's purpose and under an active consent that names that purpose and their agency:
 * the referral itself, and of what it shares what the purpose may need and the consent covers.
 */
const referralGrants = ({ actor, purpose, now, facts }: CaseAccessRequest): Grant[] => {
  // No referral is made for child_protection, evaluation or audit; facts that say otherwise open nothing.
  if (!CONSENT_ROLES.includes(actor.role) || NEVER_TEAM_PURPOSES.includes(purpose)) return [];
  const open = facts.referrals.filter(
    (r) => r.partnerAgencyId === actor.agencyId && r.purpose === purpose && OPEN_REFERRAL_STATUSES.includes(r.status),
  );
  if (open.length === 0) return [];
  const covering = facts.consents.filter(
    (c) => consentCovers(c, purpose, now) && c.recipientAgencyIds.includes(actor.agencyId),
  );
  return open.flatMap((referral) =>
    covering.map((c) => ({
      categories: [
        'referrals' as const,
        ...PURPOSE_NEEDS[purpose].filter(
          (category) => referral.sharedCategories.includes(category) && c.dataCategories.includes(category),
        ),
      ],
      basis: { kind: 'consent' as const, consentId: c.consentId },
    })),
  );
};

/**
 * Rule `supervision`: a team lead of the lead agency, on the case team or not, reads (never records)
 * the course of the work for a statutory purpose of the lead agency's type: supervision is no change
 * of purpose (§ 67c Abs. 3 SGB X). Child protection, evaluation and audit are never supervision.
 */
const supervisionGrants = ({ actor, purpose, facts }: CaseAccessRequest): Grant[] =>
  SUPERVISOR_ROLES.includes(actor.role) &&
  actor.agencyId === facts.leadAgencyId &&
  isStatutoryTeamPurpose(purpose, STATUTORY_PURPOSES[facts.leadAgencyType])
    ? [
        {
          categories: PURPOSE_NEEDS[purpose].filter((c) => SUPERVISION_CATEGORIES.includes(c)),
          basis: { kind: 'supervision', norm: '§67c Abs. 3 SGB X' },
          actions: ['read'],
        },
      ]
    : [];

/** Rule `child_protection`: §8a overrides missing consent and team membership, but only under the actor's own declaration. */
const childProtectionGrants = ({ actor, purpose, now, facts }: CaseAccessRequest): Grant[] => {
  if (!mayDeclareChildProtection(actor, purpose)) return [];
  const declaration = facts.childProtectionDeclarations.find(
    (d) => d.userId === actor.userId && isDeclarationActive(d, now),
  );
  return declaration
    ? [
        {
          categories: PURPOSE_NEEDS.child_protection,
          basis: {
            kind: 'statute',
            norm: '§8a SGB VIII',
            declarationId: declaration.declarationId,
          },
        },
      ]
    : [];
};

/** The categories a restriction of processing covers; none without one. */
export const restrictedCategoriesOf = (facts: Pick<CaseFacts, 'restriction'>): readonly DataCategory[] => {
  const scope = facts.restriction?.scope;
  return scope === undefined
    ? []
    : scope === 'case'
      ? DATA_CATEGORIES
      : DATA_CATEGORIES.filter((c) => scope.includes(c));
};

/** § 84 SGB X: the data protection officer of the lead agency (the controller), under purpose audit. */
export const mayDecideRestriction = (actor: Actor, purpose: Purpose, facts: Pick<CaseFacts, 'leadAgencyId'>): boolean =>
  actor.role === 'data_protection_officer' && purpose === 'audit' && actor.agencyId === facts.leadAgencyId;

/**
 * Rule `restriction`: while processing is restricted (§ 84 SGB X), the lead agency's data protection officer reads
 * (never records) the restricted categories under the purpose audit, to review the restriction and
 * answer the person and the supervisory authority (Art. 18 Abs. 2 GDPR).
 */
const restrictionGrants = ({ actor, purpose, facts }: CaseAccessRequest): Grant[] =>
  mayDecideRestriction(actor, purpose, facts)
    ? [
        {
          categories: restrictedCategoriesOf(facts),
          basis: { kind: 'restriction', norm: '§84 SGB X' },
          actions: ['read'],
        },
      ]
    : [];

/** Decides which categories of one case an actor may read or record for the declared purpose, and why. */
export function decideCaseAccess(request: CaseAccessRequest): CaseAccess {
  const { actor, purpose, now, facts } = request;
  const restrictedScope = restrictedCategoriesOf(facts);
  // Table order matters: the first grant of a category names its basis.
  const ruleGrants = [
    ...teamGrants(request),
    ...consentGrants(request),
    ...referralGrants(request),
    ...supervisionGrants(request),
    ...childProtectionGrants(request),
  ];
  // A restriction takes the restricted categories out of every other rule's grant.
  const restricted = Object.freeze(
    DATA_CATEGORIES.filter((c) => restrictedScope.includes(c) && ruleGrants.some((g) => g.categories.includes(c))),
  );
  const grants = [
    ...ruleGrants.map((g) => ({ ...g, categories: g.categories.filter((c) => !restrictedScope.includes(c)) })),
    ...restrictionGrants(request),
  ]
    // CASL reads a rule without fields as "every field": an empty grant must not become a rule.
    .filter((g) => g.categories.length > 0);

  const { can, build } = new AbilityBuilder<MongoAbility>(createMongoAbility);
  for (const g of grants) {
    can([...(g.actions ?? CASE_ACTIONS)], 'Case', [...g.categories], { caseId: facts.caseId }).because(
      formatLegalBasis(g.basis),
    );
  }
  const ability = build();
  const thisCase = () => subject('Case', { caseId: facts.caseId });

  // No rule here lacks fields (see above); should one ever, it counts as nothing rather than everything.
  const permitted = permittedFieldsOf(ability, 'read', thisCase(), { fieldsFrom: (rule) => rule.fields ?? [] });
  const granted = Object.freeze(DATA_CATEGORIES.filter((c) => permitted.includes(c)));
  const withheld = Object.freeze(DATA_CATEGORIES.filter((c) => !granted.includes(c)));
  const grantedSet: ReadonlySet<DataCategory> = new Set(granted);
  const recordable = permittedFieldsOf(ability, 'record', thisCase(), { fieldsFrom: (rule) => rule.fields ?? [] });
  const recordableSet: ReadonlySet<DataCategory> = new Set(granted.filter((c) => recordable.includes(c)));
  const healthGranted = granted.includes('health');

  return Object.freeze({
    // A case the actor would see but for the restriction stays visible: it answers 403 CASE.RESTRICTED, not 404.
    visible: granted.length > 0 || restricted.length > 0,
    granted,
    withheld,
    restricted,
    // The ability decided both sets above (read on the hot path of every route: no CASL walk per
    // call); a grant is for both actions unless its rule is read only (supervision).
    can: (action: CaseAction, category: DataCategory) => (action === 'read' ? grantedSet : recordableSet).has(category),
    basisFor: (category: DataCategory) => grants.find((g) => g.categories.includes(category))?.basis ?? null,
    // Beyond its author, a secrecy holder's note is released only to a person the participant named (§ 76 SGB X);
    // an agency-wide consent or the team rule grants `health` but not these notes.
    canReadSecrecyNote: (authorUserId: string) =>
      healthGranted &&
      (authorUserId === actor.userId ||
        facts.consents.some(
          (c) =>
            consentCovers(c, purpose, now) &&
            c.recipientUserIds.includes(actor.userId) &&
            c.dataCategories.includes('health'),
        )),
    canReadEntrustedNote: (authorUserId: string) =>
      granted.includes('youth_welfare') && mayReadEntrustedNote(request, authorUserId),
    ability,
  });
}

/** POST /api/cases: role caseworker|team_lead and purpose ∈ STATUTORY_PURPOSES[actor.agencyType] (never child_protection/evaluation/audit). */
export function mayOpenCase(actor: Actor, purpose: Purpose): boolean {
  return (
    CASE_OPENER_ROLES.includes(actor.role) && isStatutoryTeamPurpose(purpose, STATUTORY_PURPOSES[actor.agencyType])
  );
}

/** Child-protection declaration: caseworker of a youth_office, purpose child_protection. */
export function mayDeclareChildProtection(actor: Actor, purpose: Purpose): boolean {
  return actor.role === 'caseworker' && actor.agencyType === 'youth_office' && purpose === 'child_protection';
}

/** The categories that put a case on the case list: whoever may read one of them finds the case there. */
export const CASE_LIST_CATEGORIES: readonly DataCategory[] = ['identity', 'case_admin'];

/**
 * Which rules of the table can make a case listable for this actor and purpose, without looking at a
 * case: the case list asks the database only for the cases these rules can open (the access-matrix
 * test holds the list to the table). Under `consent`, the listed categories a consent must cover.
 */
export interface CaseListRules {
  /** Rule team: cases the actor's agency leads and the actor is on the team of. */
  readonly team: boolean;
  /** Rule consent (and referral, which shares only under a consent that the consent rule reads too). */
  readonly consentCategories: readonly DataCategory[];
  /** Rule supervision: every case the actor's agency leads. */
  readonly supervision: boolean;
  /** Rule child_protection: cases the actor declared child protection on. */
  readonly childProtection: boolean;
}

export function caseListRules(actor: Actor, purpose: Purpose): CaseListRules {
  const listable = (categories: readonly DataCategory[]) => categories.filter((c) => CASE_LIST_CATEGORIES.includes(c));
  const needs = listable(PURPOSE_NEEDS[purpose]);
  const ownStatutory = isStatutoryTeamPurpose(purpose, STATUTORY_PURPOSES[actor.agencyType]);
  return {
    team: TEAM_ROLES.includes(actor.role) && ownStatutory && needs.length > 0,
    consentCategories: CONSENT_ROLES.includes(actor.role) ? needs : [],
    supervision:
      SUPERVISOR_ROLES.includes(actor.role) && ownStatutory && needs.some((c) => SUPERVISION_CATEGORIES.includes(c)),
    childProtection: mayDeclareChildProtection(actor, purpose) && needs.length > 0,
  };
}
