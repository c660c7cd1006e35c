import { Inject, Injectable } from '@nestjs/common';
import {
  type AccessDeferralSet,
  type Deferral,
  decideDeferral,
  deferralStreamId,
  isAccessOfCase,
  isHeldBack,
} from '@fallverbund/access-questions';
import { type AuditRecord } from '@fallverbund/audit-log';
import {
  assertDpoAccess,
  auditEntry,
  AuditTrail,
  CaseSummary,
  DPO_BASIS,
  PERSISTENCE,
  type Persistence,
  type RequestContext,
} from '@fallverbund/cases-application';
import { CaseNotFoundError } from '@fallverbund/cases-domain';
import { DomainError } from '@fallverbund/kernel';
import { DataSource } from 'typeorm';
import { AccessTransparencyService } from './access-transparency.service';
import { dpoPermitted, newEvent, recorded, refuseNonDpo, type Route, writerOf } from './transparency-writes';

const PAGE = 1_000;
const SET_DEFERRAL: Route = { action: 'set_access_deferral', route: 'PUT /api/audit/deferrals/{caseId}' };
const LIST_DEFERRALS: Route = { action: 'audit', route: 'GET /api/audit/deferrals' };

export interface DeferralView {
  readonly caseId: string;
  readonly heldBack: number;
  readonly releaseAt: string | null;
  readonly reason: string | null;
  readonly setAt: string | null;
}

/** What the data protection officer holds back from the people concerned, and until when. */
@Injectable()
export class AccessDeferralsService {
  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessTransparencyService) private readonly accesses: AccessTransparencyService,
  ) {}

  /** Sets when the case's held-back accesses are shown to the person, and on which ground; recorded. */
  async setDeferral(
    context: RequestContext,
    caseId: string,
    body: { releaseAt: string | null; reason: string },
  ): Promise<Deferral> {
    const route = SET_DEFERRAL;
    if (!dpoPermitted(context)) return refuseNonDpo(this.trail, context, route, caseId);
    const refuse = async (error: DomainError, outcome: number): Promise<never> => {
      await this.trail.record([
        auditEntry(context, { ...route, caseRef: caseId, categories: [], legalBasis: [], decision: 'deny', outcome }),
      ]);
      throw error;
    };
    if (!(await this.dataSource.getRepository(CaseSummary).findOneBy({ caseId })))
      return refuse(new CaseNotFoundError(caseId), 404);
    let events: AccessDeferralSet[];
    try {
      events = decideDeferral({
        type: 'SetAccessDeferral',
        data: { caseId, releaseAt: body.releaseAt, reason: body.reason },
        metadata: { now: context.now, actor: context.actor },
      });
    } catch (error) {
      if (error instanceof DomainError) return refuse(error, 400);
      throw error;
    }
    const streamId = deferralStreamId(caseId);
    const version = await this.persistence.rawEvents.streamVersion(streamId);
    const newEvents = events.map((e) => newEvent(writerOf(context), e, 1));
    await this.persistence.appendAudited(streamId, newEvents, version, [
      auditEntry(context, {
        ...route,
        caseRef: caseId,
        categories: [],
        legalBasis: [DPO_BASIS],
        decision: 'permit',
        outcome: 200,
      }),
    ]);
    this.accesses.ownAppends(recorded(streamId, version, newEvents));
    return (events[0] as AccessDeferralSet).data;
  }

  /**
   * Per case, how many accesses are held back from the person now and until when: every case with a
   * child-protection access or a deferral set.
   */
  async deferrals(context: RequestContext): Promise<DeferralView[]> {
    await assertDpoAccess(this.trail, context, {
      route: LIST_DEFERRALS.route,
      caseRef: null,
      what: 'read the deferrals',
    });
    const view = await this.accesses.view();
    const cases = new Set(view.allDeferrals().map((d) => d.caseId));
    for (const filter of [{ purpose: 'child_protection' }, { breakGlass: true }]) {
      let after: number | undefined;
      for (;;) {
        const page = await this.persistence.audit.search(filter, {
          order: 'asc',
          limit: PAGE,
          ...(after === undefined ? {} : { after }),
        });
        for (const r of page) if (r.entry?.caseRef) cases.add(r.entry.caseRef);
        if (page.length < PAGE) break;
        after = (page[page.length - 1] as AuditRecord).index;
      }
    }
    const result: DeferralView[] = [];
    for (const caseId of [...cases].sort()) {
      const deferral = view.deferralOf(caseId);
      const heldBack = (await this.accesses.caseRecords(caseId)).filter(
        ({ entry }) => entry && isAccessOfCase(entry, caseId) && isHeldBack(entry, deferral, context.now),
      ).length;
      result.push({
        caseId,
        heldBack,
        releaseAt: deferral?.releaseAt ?? null,
        reason: deferral?.reason ?? null,
        setAt: deferral?.setAt ?? null,
      });
    }
    return result;
  }
}
