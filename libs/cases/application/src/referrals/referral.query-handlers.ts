import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CaseAccess, type Reader, readableOf, readerOf } from '@fallverbund/access-policy';
import { AgencyProfiles } from '../disclosure/agency-profiles';
import { type ParticipantIdentity, ReferralNotFoundError } from '@fallverbund/cases-domain';
import { PersonalDataVault } from '@fallverbund/event-store';
import { Directory } from '@fallverbund/identity';
import { type DataCategory, ERASED, type Purpose } from '@fallverbund/kernel';
import { DataSource, In } from 'typeorm';
import { AuditTrail, listEntries } from '../audit/audit-trail';
import { accessFor, factsFromSummary } from '../cases/case-access';
import { CaseSummary } from '../cases/case-read-model.entities';
import { auditedCase, basesOf } from '../cases/case.query-handlers';
import { type RequestContext } from '../cases/request-context';
import { referralCourse, ReferralRow, ReferralStepRow } from './referral-read-model.entities';
import {
  GetReferralQuery,
  type HiddenByPurpose,
  type InboxReferral,
  ListReferralInboxQuery,
  ListReferralsQuery,
  type ReferralInbox,
  type ReferralView,
} from './referral.queries';
import { findIn } from '../projections/find-in';
import { mayKnowReferral } from './referral-visibility';
import { ListPartnerRecordHandler } from './partner-record';

const CATEGORY: DataCategory = 'referrals';

const visibleTo = (
  context: RequestContext,
  summary: CaseSummary,
  profiles: AgencyProfiles,
): ((row: ReferralRow) => boolean) => mayKnowReferral(context, factsFromSummary(summary), profiles);

/** Opens the reasons, loads the steps and names the partners of `rows`, in their order. */
const viewsOf = async (
  dataSource: DataSource,
  vault: PersonalDataVault,
  directory: Directory,
  rows: readonly ReferralRow[],
  /** What the reader of each row may read: the shared categories are answered reduced to them. */
  readerOf: (row: ReferralRow) => Reader,
): Promise<ReferralView[]> => {
  if (rows.length === 0) return [];
  const [reasons, steps] = await Promise.all([
    vault.open(rows.map((r) => r.reasonSealed)),
    findSteps(dataSource, rows),
  ]);
  return rows.map((r, i): ReferralView => {
    const agency = directory.agency(r.partnerAgencyId);
    return {
      id: r.referralId,
      caseId: r.caseId,
      partner: { agencyId: r.partnerAgencyId, name: agency?.name ?? null, agencyType: agency?.type ?? null },
      purpose: r.purpose,
      sharedCategories: readableOf(readerOf(r), r.sharedCategories),
      consentIds: r.consentIds,
      status: r.status,
      reason: (reasons[i]?.['reason'] as string | undefined) ?? ERASED,
      referredBy: { userId: r.referredBy, agencyId: r.referredByAgencyId },
      sentAt: r.sentAt,
      acceptedAt: r.acceptedAt,
      ...referralCourse(r),
      steps: (steps.get(r.referralId) ?? []).map((s) => ({ status: s.status, at: s.reachedAt, by: s.reachedBy })),
    };
  });
};

const findSteps = async (
  dataSource: DataSource,
  rows: readonly ReferralRow[],
): Promise<Map<string, ReferralStepRow[]>> => {
  const found: ReferralStepRow[] = [];
  const ids = rows.map((r) => r.referralId);
  for (let i = 0; i < ids.length; i += 500) {
    found.push(
      ...(await dataSource
        .getRepository(ReferralStepRow)
        .find({ where: { referralId: In(ids.slice(i, i + 500)) }, order: { reachedAt: 'ASC' } })),
    );
  }
  const byReferral = new Map<string, ReferralStepRow[]>();
  for (const step of found) byReferral.set(step.referralId, [...(byReferral.get(step.referralId) ?? []), step]);
  return byReferral;
};

@QueryHandler(ListReferralsQuery)
export class ListReferralsHandler implements IQueryHandler<ListReferralsQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, context }: ListReferralsQuery): Promise<{ items: ReferralView[] }> {
    const items = await auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      CATEGORY,
      { action: 'read', route: 'GET /api/cases/{id}/referrals' },
      async (summary, access) => {
        const rows = await this.dataSource
          .getRepository(ReferralRow)
          .find({ where: { caseId }, order: { sentAt: 'DESC', referralId: 'ASC' } });
        const visible = rows.filter(visibleTo(context, summary, this.profiles));
        return viewsOf(this.dataSource, this.vault, this.directory, visible, () => access);
      },
    );
    return { items };
  }
}

@QueryHandler(GetReferralQuery)
export class GetReferralHandler implements IQueryHandler<GetReferralQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, referralId, context }: GetReferralQuery): Promise<ReferralView> {
    let row: ReferralRow | null = null;
    const views = await auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      CATEGORY,
      { action: 'read', route: 'GET /api/cases/{id}/referrals/{referralId}' },
      (_summary, access) => viewsOf(this.dataSource, this.vault, this.directory, row ? [row] : [], () => access),
      // A referral of the case the actor may not see (to another partner) is not found, like one that does not exist.
      async (summary) => {
        row = await this.dataSource.getRepository(ReferralRow).findOneBy({ caseId, referralId });
        if (!row || !visibleTo(context, summary, this.profiles)(row)) throw new ReferralNotFoundError(referralId);
      },
    );
    const [view] = views;
    if (!view) throw new ReferralNotFoundError(referralId);
    return view;
  }
}

@QueryHandler(ListReferralInboxQuery)
export class ListReferralInboxHandler implements IQueryHandler<ListReferralInboxQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  /**
   * The referrals to the actor's agency, each kept only when the policy lets the actor read the
   * case's referrals now (for the declared purpose): a closed referral, a withdrawn consent or another
   * purpose drop it. Recorded like the case list: one entry per listed case, one without a case when
   * none is listed. `hiddenByPurpose` counts those the policy would let the actor read under their own
   * purpose but not under the declared one: counts and purposes only, of the agency's own referrals.
   */
  async execute({ context, status, limit, offset }: ListReferralInboxQuery): Promise<ReferralInbox> {
    const rows = await this.dataSource.getRepository(ReferralRow).find({
      where: { partnerAgencyId: context.actor.agencyId, ...(status ? { status } : {}) },
      order: { sentAt: 'DESC', referralId: 'ASC' },
    });
    const summaries = await findIn(this.dataSource.manager, CaseSummary, 'caseId', [
      ...new Set(rows.map((r) => r.caseId)),
    ]);
    const accesses = new Map<string, { access: CaseAccess; summary: CaseSummary }>();
    for (const summary of summaries) {
      accesses.set(summary.caseId, { access: accessFor(context, factsFromSummary(summary)), summary });
    }
    const readable = rows.filter((r) => accesses.get(r.caseId)?.access.can('read', CATEGORY));
    const hiddenByPurpose = hiddenUnderOtherPurposes(
      context,
      rows.filter((r) => !readable.includes(r)),
      (caseId) => accesses.get(caseId)?.summary,
    );
    const page = readable.slice(offset, offset + limit);
    const listed = [...new Set(page.map((r) => r.caseId))].flatMap((id) => accesses.get(id) ?? []);
    const route = { action: 'list', route: 'GET /api/referrals' };
    // The participant's name, as the case list gives it, to a reader of the case's identity (the consent
    // behind the referral names it): so a partner knows whom a referral is about without opening the case.
    const readsIdentity = (caseId: string) => accesses.get(caseId)?.access.can('read', 'identity') === true;
    const [views, identities] = await this.trail.recordWhile(
      listEntries(
        context,
        route,
        listed.map(({ access, summary }) => {
          const categories: DataCategory[] = [
            CATEGORY,
            ...(readsIdentity(summary.caseId) ? ['identity' as const] : []),
          ];
          return {
            caseRef: summary.caseId,
            categories,
            legalBasis: basesOf(access, categories),
            leadAgencyId: summary.leadAgencyId,
          };
        }),
      ),
      () =>
        Promise.all([
          viewsOf(
            this.dataSource,
            this.vault,
            this.directory,
            page,
            (r) => accesses.get(r.caseId)?.access ?? readerOf([]),
          ),
          this.vault.open(
            page.map((r) =>
              readsIdentity(r.caseId) ? (accesses.get(r.caseId)?.summary.participantSealed ?? null) : null,
            ),
          ),
        ]),
    );
    const items = views.map((view, i): InboxReferral => {
      if (!readsIdentity(view.caseId)) return view;
      const identity = identities[i]?.['participant'] as ParticipantIdentity | undefined;
      return {
        ...view,
        participant: identity ? { givenName: identity.givenName, familyName: identity.familyName } : ERASED,
      };
    });
    return { items, nextOffset: readable.length > offset + limit ? offset + limit : null, hiddenByPurpose };
  }
}

/**
 * Of referrals to the actor's own agency that the declared purpose does not show: how many the policy
 * would show under the referral's own purpose, by purpose. Only what asking again would answer is
 * counted (a closed referral or a withdrawn consent shows under no purpose and is not counted), and
 * only the agency's own referrals are ever among them, which its staff may know of (a referral to an
 * addiction service is addiction data for others, its own inbox to the service itself).
 */
export const hiddenUnderOtherPurposes = (
  context: RequestContext,
  hidden: readonly { readonly caseId: string; readonly purpose: string }[],
  summaryOf: (caseId: string) => CaseSummary | undefined,
): HiddenByPurpose[] => {
  const counts = new Map<string, number>();
  for (const row of hidden) {
    const summary = summaryOf(row.caseId);
    if (!summary || row.purpose === context.purpose) continue;
    const underOwn = accessFor({ ...context, purpose: row.purpose as Purpose }, factsFromSummary(summary));
    if (underOwn.can('read', CATEGORY)) counts.set(row.purpose, (counts.get(row.purpose) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([purpose, count]) => ({ purpose, count }));
};

export const REFERRAL_QUERY_HANDLERS = [
  ListReferralsHandler,
  GetReferralHandler,
  ListReferralInboxHandler,
  ListPartnerRecordHandler,
];
