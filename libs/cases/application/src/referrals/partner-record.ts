import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type ReferralStatus } from '@fallverbund/cases-domain';
import { Directory } from '@fallverbund/identity';
import { type DataCategory, type Purpose, type Role } from '@fallverbund/kernel';
import { DataSource, Not } from 'typeorm';
import { AuditTrail, listEntries, refuseWithoutCase } from '../audit/audit-trail';
import { type RequestContext } from '../cases/request-context';
import { referralCourse, ReferralRow } from './referral-read-model.entities';
import { type HiddenByPurpose } from './referral.queries';

/**
 * The legal basis of the partner's own record, as written to the audit log: the partner documents the
 * service it gave (its own documentation duty, Art. 6(1)(c) GDPR) and keeps what it received only for the
 * purpose it was sent for (§ 78 Abs. 1 SGB X). It is no access to the case.
 */
export const PARTNER_RECORD_BASIS = '§78 Abs. 1 SGB X partner record';

/** The roles that answer referrals (rule `referral`); a data protection officer reads logs, not records. */
const ANSWERING_ROLES: readonly Role[] = ['caseworker', 'team_lead', 'health_professional', 'partner_staff'];
const NOT_A_REFERRAL_PURPOSE: readonly Purpose[] = ['evaluation', 'audit', 'child_protection'];
const ROUTE = { action: 'list', route: 'GET /api/referrals/record' } as const;

/**
 * A referral as the receiving agency keeps it in its own record: what it received (the categories, never
 * their content, the reason or the case), when, from which agency, and the outcome. No case id: the
 * record opens nothing of the case.
 */
export interface PartnerRecordEntry {
  readonly referralId: string;
  readonly purpose: string;
  readonly receivedCategories: readonly DataCategory[];
  readonly referringAgency: { readonly agencyId: string; readonly name: string | null };
  readonly status: string;
  readonly receivedAt: string;
  readonly acceptedAt: string | null;
  readonly declined: { readonly at: string; readonly reason: string } | null;
  readonly plannedAppointmentAt: string | null;
  readonly firstAppointmentAt: string | null;
  readonly waitingDays: number | null;
  readonly completedAt: string | null;
  readonly attestation: { readonly attended: boolean; readonly goalReached: boolean } | null;
  readonly cancelled: { readonly at: string; readonly reason: string } | null;
}

export interface PartnerRecord {
  readonly items: PartnerRecordEntry[];
  readonly nextOffset: number | null;
  /** Entries of the record made for another purpose than the declared one, counted by that purpose. */
  readonly hiddenByPurpose: HiddenByPurpose[];
  /** The legal basis the record is kept under. */
  readonly legalBasis: string;
}

/** The referrals the actor's agency received for the declared purpose, in every status, newest first. */
export class ListPartnerRecordQuery extends Query<PartnerRecord> {
  constructor(
    readonly context: RequestContext,
    readonly status: ReferralStatus | undefined,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}

@QueryHandler(ListPartnerRecordQuery)
export class ListPartnerRecordHandler implements IQueryHandler<ListPartnerRecordQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  /**
   * Read from the referral read model, never through the case: a closed referral, a withdrawn consent or
   * an erased participant leave the record as it is. Purpose-bound like every use of received data: the
   * declared purpose shows the referrals made for it; the others are counted by their purpose. Recorded
   * like a list, one entry per case named in the answer, under the record's own basis.
   */
  async execute({ context, status, limit, offset }: ListPartnerRecordQuery): Promise<PartnerRecord> {
    const { actor, purpose } = context;
    if (!ANSWERING_ROLES.includes(actor.role))
      return refuseWithoutCase(this.trail, context, ROUTE, `a ${actor.role} keeps no record of referrals`);
    if (NOT_A_REFERRAL_PURPOSE.includes(purpose))
      return refuseWithoutCase(this.trail, context, ROUTE, `no referral is made for ${purpose}`);
    const repository = this.dataSource.getRepository(ReferralRow);
    const own = { partnerAgencyId: actor.agencyId, ...(status ? { status } : {}) };
    const [rows, others] = await Promise.all([
      repository.find({
        where: { ...own, purpose },
        order: { sentAt: 'DESC', referralId: 'ASC' },
        skip: offset,
        take: limit + 1,
      }),
      repository
        .createQueryBuilder('r')
        .select('r.purpose', 'purpose')
        .addSelect('COUNT(*)', 'count')
        .where({ ...own, purpose: Not(purpose) })
        .groupBy('r.purpose')
        .orderBy('r.purpose', 'ASC')
        .getRawMany<{ purpose: string; count: string | number }>(),
    ]);
    const page = rows.slice(0, limit);
    const items = await this.trail.recordWhile(
      listEntries(
        context,
        ROUTE,
        [...new Set(page.map((r) => r.caseId))].map((caseRef) => ({
          caseRef,
          categories: ['referrals'],
          legalBasis: [PARTNER_RECORD_BASIS],
          // The record is the partner's own: no disclosure from another agency.
          leadAgencyId: actor.agencyId,
        })),
      ),
      () => Promise.resolve(page.map((r) => this.entryOf(r))),
    );
    return {
      items,
      nextOffset: rows.length > limit ? offset + limit : null,
      hiddenByPurpose: others.map((o) => ({ purpose: o.purpose, count: Number(o.count) })),
      legalBasis: PARTNER_RECORD_BASIS,
    };
  }

  private entryOf(r: ReferralRow): PartnerRecordEntry {
    return {
      referralId: r.referralId,
      purpose: r.purpose,
      receivedCategories: r.sharedCategories,
      referringAgency: {
        agencyId: r.referredByAgencyId,
        name: this.directory.agency(r.referredByAgencyId)?.name ?? null,
      },
      status: r.status,
      receivedAt: r.sentAt,
      acceptedAt: r.acceptedAt,
      ...referralCourse(r),
    };
  }
}
