import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  agencyRevealsTo,
  type CaseAccess,
  type CaseFacts,
  CASE_LIST_CATEGORIES,
  caseListRules,
  type LegalBasis,
  consentDisclosure,
  formatLegalBasis,
  isConsentActive,
  mayDisclose,
  PURPOSE_NEEDS,
  readerOf,
} from '@fallverbund/access-policy';
import { allSearchTerms, BlindIndex, CaseSearchToken, searchTerms } from '@fallverbund/cases-search';
import { assertDpoAccess, AuditTrail, auditEntry, listEntries, refusalStatusOf } from '../audit/audit-trail';
import {
  CaseNotFoundError,
  CaseRestrictedError,
  caseStreamId,
  type ParticipantIdentity,
} from '@fallverbund/cases-domain';
import { type Persistence } from '../persistence/persistence';
import { PERSISTENCE } from '../persistence/persistence.tokens';
import { AgencyProfiles } from '../disclosure/agency-profiles';
import { disclosedTimeline } from '../disclosure/timeline-disclosure';
import { PersonalDataVault } from '@fallverbund/event-store';
import { type DataCategory, type Erased, ERASED } from '@fallverbund/kernel';
import { Brackets, DataSource } from 'typeorm';
import { accessFor, assertMay, factsFromSummary } from './case-access';
import {
  CaseConsentGrant,
  CaseSummary,
  CaseTeamMember,
  ChildProtectionDeclarationRow,
  ContactCorrectionRow,
  ContactRow,
  HealthNoteRow,
} from './case-read-model.entities';
import {
  type CaseListItem,
  type CaseVisibleAs,
  type CaseView,
  type ChildProtectionDeclarationView,
  type ContactFields,
  type ContactView,
  GetCaseQuery,
  ListContactsQuery,
  GetCaseTimelineQuery,
  ListChildProtectionDeclarationsQuery,
  ListConsentsQuery,
  ListMyCasesQuery,
  type CaseTimelineView,
  type ConsentView,
} from './case.queries';
import { youthWelfareSection } from '../entrusted-notes/entrusted-note.section';
import { type RequestContext } from './request-context';
import { findCaseSummary, findCaseWithTeam } from './case-summary.reads';

const VISIBLE_AS: Readonly<Record<LegalBasis['kind'], CaseVisibleAs>> = {
  team: 'team',
  consent: 'consent',
  supervision: 'supervision',
  statute: 'child_protection',
  restriction: 'restriction',
};

/** The categories GET /api/cases/{id} can return today. */
const SECTIONS: readonly DataCategory[] = ['identity', 'case_admin', 'health', 'youth_welfare'];

/** The formatted legal basis of each category the access grants, for an audit entry. */
export const basesOf = (access: CaseAccess, categories: readonly DataCategory[]): string[] =>
  categories.flatMap((c) => {
    const basis = access.basisFor(c);
    return basis ? [formatLegalBasis(basis)] : [];
  });

/**
 * Loads a case for a route that needs `category`, records the access either way and runs `load` on
 * a permitted one: a refusal is audited before it is answered; a permit's entry is known once the
 * decision is made, so it commits while `load` reads, and the answer waits for both. If the entry
 * cannot be written, nothing is answered but 503.
 */
export const auditedCase = async <T>(
  dataSource: DataSource,
  trail: AuditTrail,
  caseId: string,
  context: RequestContext,
  category: DataCategory,
  route: { action: string; route: string },
  load: (summary: CaseSummary, access: CaseAccess) => Promise<T> | T,
  /**
   * Checks that need the permitted case (an unknown plan version, a referral the actor may not know):
   * a refusal is recorded like the policy's, with the status it answers.
   */
  check?: (summary: CaseSummary) => Promise<void> | void,
): Promise<T> => {
  const summary = await findCaseSummary(dataSource, caseId);
  const access = summary ? accessFor(context, factsFromSummary(summary)) : undefined;
  try {
    if (!summary || !access) throw new CaseNotFoundError(caseId);
    assertMay(access, caseId, category);
    await check?.(summary);
  } catch (error) {
    const outcome = refusalStatusOf(error);
    if (outcome === undefined) throw error;
    await trail.record([
      auditEntry(context, {
        ...route,
        caseRef: caseId,
        categories: [category],
        legalBasis: [],
        decision: 'deny',
        outcome,
      }),
    ]);
    throw error;
  }
  return trail.recordWhile(
    [
      auditEntry(context, {
        ...route,
        caseRef: caseId,
        categories: [category],
        legalBasis: basesOf(access, [category]),
        decision: 'permit',
        outcome: 200,
        leadAgencyId: summary.leadAgencyId,
      }),
    ],
    () => load(summary, access),
  );
};

/**
 * Whether the reader may send a referral on this case, as `SendReferralHandler` decides it: recording
 * `referrals` on the team or consent rule. A partner's grant through a referral answers that referral; it
 * does not refer the participant on, so the access is decided again without the case's referrals.
 */
const mayRefer = (context: RequestContext, facts: CaseFacts, access: CaseAccess): boolean => {
  if (access.restricted.includes('referrals') || !access.can('record', 'referrals')) return false;
  if (!facts.referrals.some((r) => r.partnerAgencyId === context.actor.agencyId)) return true;
  return accessFor(context, { ...facts, referrals: [] }).can('record', 'referrals');
};

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, context }: GetCaseQuery): Promise<CaseView> {
    const route = { action: 'read', route: 'GET /api/cases/{id}' };
    const found = await findCaseWithTeam(this.dataSource, caseId);
    const summary = found?.summary;
    const facts = summary ? factsFromSummary(summary) : undefined;
    const access = facts ? accessFor(context, facts) : undefined;
    if (!found || !summary || !facts || !access?.visible) {
      await this.trail.record([
        auditEntry(context, {
          ...route,
          caseRef: caseId,
          categories: [],
          legalBasis: [],
          decision: 'deny',
          outcome: 404,
        }),
      ]);
      throw new CaseNotFoundError(caseId);
    }
    // Restricted in everything this reader would see (§ 84 SGB X): refused as restricted, not as unknown.
    if (access.granted.length === 0) {
      await this.trail.record([
        auditEntry(context, {
          ...route,
          caseRef: caseId,
          categories: [...access.restricted],
          legalBasis: [],
          decision: 'deny',
          outcome: 403,
        }),
      ]);
      throw new CaseRestrictedError(caseId);
    }
    const legalBasis: Partial<Record<DataCategory, string>> = {};
    for (const category of access.granted) {
      const basis = access.basisFor(category);
      if (basis) legalBasis[category] = formatLegalBasis(basis);
    }
    const view: { -readonly [K in keyof CaseView]: CaseView[K] } = {
      id: summary.caseId,
      version: summary.version,
      withheld: access.withheld,
      access: {
        purpose: context.purpose,
        legalBasis,
        recordable: access.granted.filter(
          (category) => !access.restricted.includes(category) && access.can('record', category),
        ),
        mayRefer: mayRefer(context, facts, access),
      },
      // Every reader of the case is told what is restricted and that its accuracy is disputed (§ 84 SGB X).
      restricted: access.restricted,
      accuracyDisputed: summary.access.accuracyDispute ?? null,
    };
    // The entry names what the decision grants, so it commits while the sections are read; the
    // view is returned only once the entry is durable.
    const returned = SECTIONS.filter((category) => access.can('read', category));
    const entry = auditEntry(context, {
      ...route,
      caseRef: caseId,
      categories: returned,
      legalBasis: basesOf(access, returned),
      decision: 'permit',
      outcome: 200,
      leadAgencyId: summary.leadAgencyId,
    });
    await this.trail.recordWhile([entry], async () => {
      if (access.can('read', 'identity')) {
        const [opened] = await this.vault.open([summary.participantSealed]);
        view.participant = (opened?.['participant'] as ParticipantIdentity | undefined) ?? ERASED;
      }
      if (access.can('read', 'case_admin')) {
        const { team } = found;
        const readable = readerOf(access.granted);
        const shownTeam = team.filter((m) =>
          mayDisclose(readable, agencyRevealsTo(context.actor, this.profiles.of(m.agencyId))),
        );
        view.caseAdmin = {
          leadAgencyId: summary.leadAgencyId,
          status: summary.status,
          exitReason: summary.exitReason ?? null,
          followUps: summary.followUps ?? [],
          // A member of a health provider or an addiction service on the team is data of that category.
          team: shownTeam.map(({ userId, agencyId, role, addedAt }) => ({ userId, agencyId, role, addedAt })),
          withheldTeamMembers: team.length - shownTeam.length,
          openedAt: summary.openedAt,
          firstContactAt: summary.firstContactAt ?? null,
          updatedAt: summary.updatedAt,
        };
      }
      if (access.can('read', 'health')) {
        const rows = await this.dataSource
          .getRepository(HealthNoteRow)
          .find({ where: { caseId }, order: { recordedAt: 'ASC' } });
        // Secrecy-holder notes go only to their author and to persons a consent names (§ 76 SGB X).
        const readable = rows.filter((n) => !n.secrecy || access.canReadSecrecyNote(n.authorUserId));
        const texts = await this.vault.open(readable.map((n) => n.textSealed));
        view.health = {
          notes: readable.map((n, i) => ({
            id: n.noteId,
            text: (texts[i]?.['text'] as string | undefined) ?? ERASED,
            author: { userId: n.authorUserId, agencyId: n.authorAgencyId },
            secrecy: n.secrecy,
            recordedAt: n.recordedAt,
          })),
          withheldNotes: rows.length - readable.length,
        };
      }
      if (access.can('read', 'youth_welfare'))
        view.youthWelfare = await youthWelfareSection(this.dataSource, this.vault, caseId, access);
    });
    return view;
  }
}

@QueryHandler(ListMyCasesQuery)
export class ListMyCasesHandler implements IQueryHandler<ListMyCasesQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(BlindIndex) private readonly searchIndex: BlindIndex,
  ) {}

  /**
   * The policy's rules for reading `identity` or `case_admin` (team, consent — referrals share only
   * under a consent that rule consent reads too —, supervision, child protection), as one query: the
   * database returns only the cases the caller may see, newest first, one page of them, so a list
   * never loads others. The access-matrix test holds this query to the same table as the policy.
   * Each further filter narrows the same visible set (`where` below).
   */
  async execute({
    context,
    limit,
    offset,
    filter,
  }: ListMyCasesQuery): Promise<{ items: CaseListItem[]; nextOffset: number | null }> {
    const { actor, purpose, now } = context;
    const rules = caseListRules(actor, purpose);
    // A search by name or birth date answers only cases whose identity the caller may read: a match
    // on a case seen for case_admin alone would tell the name.
    const terms = searchTerms(filter);
    const searching = allSearchTerms(terms).length > 0;
    if (searching && !PURPOSE_NEEDS[purpose].includes('identity')) return this.page(context, [], limit, offset, true);
    const scope = filter.scope ?? 'all';
    const member = `EXISTS (SELECT 1 FROM ${this.table(CaseTeamMember)} m WHERE m."caseId" = c."caseId" AND m."userId" = :userId AND m."agencyId" = :agencyId)`;
    const covers = [
      ...(rules.consentCategories.includes('identity') ? ['g."coversIdentity" = :true'] : []),
      ...(rules.consentCategories.includes('case_admin') && !searching ? ['g."coversCaseAdmin" = :true'] : []),
    ];
    const consentCovers =
      covers.length === 0
        ? null
        : `(c."leadAgencyId" <> :agencyId AND EXISTS (
      SELECT 1 FROM ${this.table(CaseConsentGrant)} g
      WHERE g."caseId" = c."caseId" AND g."purpose" = :purpose AND (${covers.join(' OR ')}) AND g."withdrawn" = :false
        AND ((g."recipientKind" = 'agency' AND g."recipientId" = :agencyId) OR (g."recipientKind" = 'user' AND g."recipientId" = :userId))
        AND (g."validUntil" IS NULL OR g."validUntil" >= :today)))`;
    const declared = `EXISTS (SELECT 1 FROM ${this.table(ChildProtectionDeclarationRow)} d WHERE d."caseId" = c."caseId" AND d."userId" = :userId AND d."expiresAt" > :now)`;
    const ownAgency = `c."leadAgencyId" = :agencyId`;
    // What each rule can open, narrowed to the scope asked for; and, for each, the index that reaches
    // those cases newest first (opening time, case id).
    const visible: string[] = [];
    const reach: string[] = [
      `SELECT m."caseOpenedAt" AS "openedAt", m."caseId" AS "caseId" FROM ${this.table(CaseTeamMember)} m WHERE m."userId" = :userId AND m."agencyId" = :agencyId`,
    ];
    if (scope !== 'shared') {
      if (rules.supervision) {
        visible.push(ownAgency);
        reach.push(
          `SELECT s."openedAt" AS "openedAt", s."caseId" AS "caseId" FROM ${this.table(CaseSummary)} s WHERE s."leadAgencyId" = :agencyId`,
        );
      } else if (rules.team) visible.push(`(${ownAgency} AND ${member})`);
    }
    if (consentCovers && scope !== 'team') {
      visible.push(consentCovers);
      for (const recipient of [':agencyId', ':userId']) {
        reach.push(
          `SELECT g."caseOpenedAt" AS "openedAt", g."caseId" AS "caseId" FROM ${this.table(CaseConsentGrant)} g WHERE g."recipientId" = ${recipient} AND g."purpose" = :purpose`,
        );
      }
    }
    if (rules.childProtection && scope !== 'team' && scope !== 'shared') {
      visible.push(declared);
      reach.push(
        `SELECT s."openedAt" AS "openedAt", d."caseId" AS "caseId" FROM ${this.table(ChildProtectionDeclarationRow)} d JOIN ${this.table(CaseSummary)} s ON s."caseId" = d."caseId" WHERE d."userId" = :userId`,
      );
    }
    if (visible.length === 0) return this.page(context, [], limit, offset, searching);

    // The list walks the caller's reach newest first — each source an index in (opening time, case id)
    // order, merged, duplicates dropped — and looks up each case by its key until a page is full: it
    // reads about a page of the caller's cases, not the table and not all of their cases
    // (`npm run bench -- policy-list`). The visible conditions then decide each case as the policy does.
    // A search with a birth date starts from the few cases of that date instead: the visible
    // conditions alone decide them, as they decide the reach's.
    const birthDateToken = terms.birthDate === null ? undefined : this.searchIndex.token(terms.birthDate);
    const query = this.dataSource.getRepository(CaseSummary).createQueryBuilder('c');
    const key = birthDateToken === undefined ? 'reach' : 'birth';
    if (birthDateToken === undefined) {
      const sources = reach.map(
        (sql, i) => `SELECT "openedAt", "caseId" FROM (${sql} ORDER BY "openedAt" DESC, "caseId" DESC) r${i}`,
      );
      query.innerJoin(
        `(SELECT DISTINCT "openedAt", "caseId" FROM (${sources.join(' UNION ALL ')}) u ORDER BY "openedAt" DESC, "caseId" DESC)`,
        'reach',
        'reach."caseId" = c."caseId"',
      );
    } else {
      query.innerJoin(CaseSearchToken, 'birth', 'birth."caseId" = c."caseId" AND birth."token" = :birth', {
        birth: birthDateToken,
      });
    }
    query.andWhere(
      new Brackets((any) => {
        any.where('1 = 0');
        for (const condition of visible) any.orWhere(condition);
      }),
    );
    if (scope === 'mine') query.andWhere(member);
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    // `OFFSET 0` keeps PostgreSQL from flattening a subquery on the index into a join of its own choosing.
    const fence = this.dataSource.options.type === 'postgres' ? ' OFFSET 0' : '';
    // Two words of the name are one pair term, held by few cases however common each word is: its cases
    // are read once into a hashed set that each case of the reach, walked in order, is looked up in,
    // where a probe per case and word costs an index descent each (`npm run bench -- case-search`).
    // Under `1 = 0 OR` PostgreSQL keeps the set a hashed subplan: as a top-level `IN` it would become a
    // hash join that matches the whole reach and sorts it, however early a page is full.
    const pairToken = terms.pair === null ? undefined : this.searchIndex.token(terms.pair);
    if (pairToken !== undefined && birthDateToken === undefined)
      query.andWhere(
        `(1 = 0 OR reach."caseId" IN (SELECT p."caseId" FROM ${this.table(CaseSearchToken)} p WHERE p."token" = :pair${fence}))`,
        { pair: pairToken },
      );
    // Every other asked term must be held by the case: a probe of the index's key (token, caseId) for
    // each case walked, before the case itself is read. The fence keeps PostgreSQL from turning a probe
    // into a join that starts from a word's every case: the work stays bounded by the caller's reach,
    // however common a name is in the whole table.
    const probed = [
      ...(birthDateToken === undefined ? [] : [pairToken]),
      ...terms.words.map((w) => this.searchIndex.token(w)),
    ];
    probed
      .filter((token): token is string => token !== undefined)
      .forEach((token, i) =>
        query.andWhere(
          `EXISTS (SELECT 1 FROM ${this.table(CaseSearchToken)} s${i} WHERE s${i}."token" = :token${i} AND s${i}."caseId" = ${key}."caseId"${fence})`,
          { [`token${i}`]: token },
        ),
      );
    query
      .orderBy(birthDateToken === undefined ? 'reach."openedAt"' : 'c."openedAt"', 'DESC')
      .addOrderBy(`${key}."caseId"`, 'DESC')
      .setParameters({
        userId: actor.userId,
        agencyId: actor.agencyId,
        purpose,
        today: now.toISOString().slice(0, 10),
        now: now.toISOString(),
        true: this.bool(true),
        false: this.bool(false),
      })
      .offset(offset)
      .limit(limit + 1);
    return this.page(context, await query.getMany(), limit, offset, searching);
  }

  private async page(
    context: RequestContext,
    rows: CaseSummary[],
    limit: number,
    offset: number,
    searching: boolean,
  ): Promise<{ items: CaseListItem[]; nextOffset: number | null }> {
    // The policy decides each row again (it names the basis); should the query ever return a case the
    // policy does not open, it is left out rather than shown.
    const page = rows
      .slice(0, limit)
      .map((summary) => ({ summary, access: accessFor(context, factsFromSummary(summary)) }))
      .filter(({ access }) =>
        searching ? access.can('read', 'identity') : CASE_LIST_CATEGORIES.some((c) => access.can('read', c)),
      );
    // One entry per listed case (one per data subject); an empty list is recorded too. The entries
    // commit while the names are opened, and the page is answered once they are durable.
    const route = { action: 'list', route: 'GET /api/cases' };
    const identities = await this.trail.recordWhile(
      listEntries(
        context,
        route,
        page.map(({ summary, access }) => {
          const categories = CASE_LIST_CATEGORIES.filter((c) => access.can('read', c));
          return {
            caseRef: summary.caseId,
            categories,
            legalBasis: basesOf(access, categories),
            leadAgencyId: summary.leadAgencyId,
          };
        }),
      ),
      () =>
        this.vault.open(
          page.map(({ summary, access }) => (access.can('read', 'identity') ? summary.participantSealed : null)),
        ),
    );
    const items = page.map(({ summary: c, access }, i): CaseListItem => {
      const basis = access.basisFor(access.can('read', 'identity') ? 'identity' : 'case_admin');
      if (!basis) throw new Error('a listed case has a basis');
      const identity = identities[i]?.['participant'] as ParticipantIdentity | undefined;
      return {
        id: c.caseId,
        ...(access.can('read', 'identity')
          ? { participant: identity ? { givenName: identity.givenName, familyName: identity.familyName } : ERASED }
          : {}),
        ...(access.can('read', 'case_admin')
          ? { leadAgencyId: c.leadAgencyId, status: c.status, openedAt: c.openedAt }
          : {}),
        version: c.version,
        visibleAs: VISIBLE_AS[basis.kind],
        legalBasis: formatLegalBasis(basis),
      };
    });
    return { items, nextOffset: rows.length > limit ? offset + limit : null };
  }

  // SQLite stores booleans as 0/1 and its driver binds no booleans.
  private bool(value: boolean): boolean | number {
    return this.dataSource.options.type === 'postgres' ? value : Number(value);
  }

  private table(entity: new () => object): string {
    const { schema, tableName } = this.dataSource.getMetadata(entity);
    return schema ? `"${schema}"."${tableName}"` : `"${tableName}"`;
  }
}

@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimelineQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, context }: GetCaseTimelineQuery): Promise<CaseTimelineView> {
    return auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'case_admin',
      { action: 'read', route: 'GET /api/cases/{id}/timeline' },
      async (summary, access) =>
        disclosedTimeline(
          await this.persistence.rawEvents.readStream(caseStreamId(caseId)),
          { access, actor: context.actor, leadAgencyId: summary.leadAgencyId },
          this.profiles,
        ),
    );
  }
}

@QueryHandler(ListConsentsQuery)
export class ListConsentsHandler implements IQueryHandler<ListConsentsQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, context }: ListConsentsQuery) {
    const items = await auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'case_admin',
      { action: 'read', route: 'GET /api/cases/{id}/consents' },
      (summary, access) =>
        summary.access.consents.flatMap((c): ConsentView[] => {
          const shown = consentDisclosure(access, context.actor, summary.leadAgencyId, {
            dataCategories: c.dataCategories,
            recipients: c.recipientAgencyIds.map((id) => this.profiles.of(id)),
          });
          const active = isConsentActive(c, context.now);
          if (shown === 'full') return [{ ...c, active }];
          // The lead agency administers every consent (withdrawals): that one exists, not what it covers or for whom.
          if (shown === 'reduced') {
            const { consentId, form, grantedBy, recordedBy, grantedAt, validUntil, withdrawnAt } = c;
            return [
              { consentId, form, grantedBy, recordedBy, grantedAt, validUntil, withdrawnAt, active, reduced: true },
            ];
          }
          return [];
        }),
    );
    return { items };
  }
}

@QueryHandler(ListContactsQuery)
export class ListContactsHandler implements IQueryHandler<ListContactsQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  async execute({ caseId, context }: ListContactsQuery): Promise<{ items: ContactView[] }> {
    const items = await auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'contacts',
      { action: 'read', route: 'GET /api/cases/{id}/contacts' },
      async (_summary, access) => {
        const [contacts, corrections] = await Promise.all([
          this.dataSource
            .getRepository(ContactRow)
            .find({ where: { caseId }, order: { occurredAt: 'DESC', recordedAt: 'DESC' } }),
          this.dataSource
            .getRepository(ContactCorrectionRow)
            .find({ where: { caseId }, order: { correctedAt: 'ASC', correctionId: 'ASC' } }),
        ]);
        const [summaries, sealed] = await Promise.all([
          this.vault.open(contacts.map((c) => c.summarySealed)),
          this.vault.open(corrections.map((c) => c.sealed)),
        ]);
        const opened = new Map(corrections.map((c, i) => [c.correctionId, sealed[i]]));
        return contacts.map((c, i): ContactView => {
          const own = corrections.filter((k) => k.contactId === c.contactId);
          const personal = (values: Record<string, unknown> | null | undefined, field: string) =>
            values ? (values[field] as string | null) : ERASED;
          // A text of a category the reader may not read is left out, only counted (issue 11).
          let withheldTexts = 0;
          const summaryAs = (
            value: ContactFields['summary'],
            category: DataCategory | null,
          ): Pick<ContactFields, 'summary' | 'summaryCategory'> => {
            if (value === null) return { summary: null };
            if (!access.can('read', category ?? 'contacts')) {
              withheldTexts++;
              return {};
            }
            return { summary: value, summaryCategory: category ?? 'contacts' };
          };
          // The summary as first recorded, then each correction that changed it, in order.
          let summary = summaryAs(personal(summaries[i], 'summary'), c.summaryCategory);
          const original: ContactFields = { ...c.original, ...summary };
          const views = own.map((k) => {
            const fields = opened.get(k.correctionId);
            const changes: { -readonly [K in keyof ContactFields]?: ContactFields[K] } = { ...k.changes };
            if (k.summaryChanged) {
              summary = summaryAs(personal(fields, 'summary'), k.summaryCategory);
              Object.assign(changes, summary);
            }
            const reasonCategory = k.reasonCategory ?? 'contacts';
            const readable = access.can('read', reasonCategory);
            if (!readable) withheldTexts++;
            return {
              id: k.correctionId,
              changes,
              ...(readable ? { reason: fields ? (fields['reason'] as string) : ERASED, reasonCategory } : {}),
              correctedBy: k.correctedBy,
              correctedAt: k.correctedAt,
            };
          });
          return {
            id: c.contactId,
            kind: c.kind,
            occurredAt: c.occurredAt,
            durationMinutes: c.durationMinutes,
            participants: c.participants,
            ...summary,
            recordedBy: c.recordedBy,
            recordedAt: c.recordedAt,
            original,
            corrections: views,
            withheldTexts,
          };
        });
      },
    );
    return { items };
  }
}

@QueryHandler(ListChildProtectionDeclarationsQuery)
export class ListChildProtectionDeclarationsHandler implements IQueryHandler<ListChildProtectionDeclarationsQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  async execute({
    context,
  }: ListChildProtectionDeclarationsQuery): Promise<{ items: ChildProtectionDeclarationView[] }> {
    await assertDpoAccess(this.trail, context, {
      route: 'GET /api/child-protection-declarations',
      caseRef: null,
      what: 'list child-protection declarations',
    });
    const rows = await this.dataSource
      .getRepository(ChildProtectionDeclarationRow)
      .find({ order: { declaredAt: 'DESC' } });
    const opened = await this.vault.open(rows.map((d) => d.justificationSealed));
    return {
      items: rows.map((d, i) => ({
        id: d.declarationId,
        caseId: d.caseId,
        userId: d.userId,
        agencyId: d.agencyId,
        justification: d.justification ?? (opened[i]?.['justification'] as string | Erased | undefined) ?? ERASED,
        declaredAt: d.declaredAt,
        expiresAt: d.expiresAt,
        active: d.expiresAt > context.now.toISOString(),
      })),
    };
  }
}

export const CASE_QUERY_HANDLERS = [
  GetCaseHandler,
  ListMyCasesHandler,
  GetCaseTimelineHandler,
  ListConsentsHandler,
  ListContactsHandler,
  ListChildProtectionDeclarationsHandler,
];
