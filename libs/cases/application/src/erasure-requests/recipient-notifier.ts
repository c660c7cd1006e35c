import { Inject, Injectable } from '@nestjs/common';
import { type AuditRecord } from '@fallverbund/audit-log';
import { type NotificationTrigger } from '@fallverbund/cases-domain';
import { type DataCategory } from '@fallverbund/kernel';
import { CaseRepository } from '../cases/case-repository';
import { CaseSnapshot } from '../cases/case-snapshots';
import { type RequestContext } from '../cases/request-context';
import { type Persistence } from '../persistence/persistence';
import { PERSISTENCE } from '../persistence/persistence.tokens';

const PAGE = 1_000;
/** Readers that are no recipients: the person herself, and the officers who audit the log. */
const NOT_RECIPIENTS: readonly string[] = ['participant', 'data_protection_officer'];

export const ART_19_BASIS = 'Art. 19 GDPR';

/**
 * Art. 19 GDPR: after an erasure or a restriction, every recipient of the case's data is told. The
 * relay tells each partner stream that ever received the case (`partners.*.notified.v1`, also when
 * its cover has ended); the agencies other than the lead that read the case (the access log) are told
 * by the lead agency. `RecipientsNotified` on the case records both, as the access report shows them.
 */
@Injectable()
export class RecipientNotifier {
  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
  ) {}

  async notify(
    caseId: string,
    trigger: NotificationTrigger,
    categories: readonly DataCategory[],
    context: RequestContext,
    route: string,
  ): Promise<{ agencyIds: string[]; partnerSubscriberIds: string[] }> {
    const { state } = await this.cases.load(caseId);
    if (state.status === 'none') return { agencyIds: [], partnerSubscriberIds: [] };
    const agencyIds = await this.readingAgencies(caseId, state.leadAgencyId, context.now);
    const partnerSubscriberIds = await this.partnerStreams(caseId);
    // Nobody outside the lead agency had the data: there is no one to tell.
    if (agencyIds.length === 0 && partnerSubscriberIds.length === 0) return { agencyIds, partnerSubscriberIds };
    await this.cases.handle(
      caseId,
      {
        type: 'NotifyRecipients',
        data: { caseId, trigger, categories, agencyIds, partnerSubscriberIds },
        metadata: { actor: context.actor, purpose: context.purpose, now: context.now },
      },
      context,
      { audit: { action: 'notify_recipients', route, category: 'case_admin', legalBasis: ART_19_BASIS } },
    );
    return { agencyIds, partnerSubscriberIds };
  }

  /** Agencies other than the lead whose staff were permitted to read or receive data of the case. */
  private async readingAgencies(caseId: string, leadAgencyId: string, now: Date): Promise<string[]> {
    const agencies = new Set<string>();
    let after: number | undefined;
    for (;;) {
      const page: AuditRecord[] = await this.persistence.audit.search(
        { caseRef: caseId },
        { order: 'asc', limit: PAGE, ...(after === undefined ? {} : { after }) },
      );
      for (const { entry } of page) {
        if (!entry || entry.decision !== 'permit' || entry.categories.length === 0) continue;
        if (NOT_RECIPIENTS.includes(entry.actor.role) || entry.actor.agencyId === leadAgencyId) continue;
        if (Date.parse(entry.occurredAt) > now.getTime()) continue;
        agencies.add(entry.actor.agencyId);
      }
      if (page.length < PAGE) return [...agencies].sort();
      after = (page[page.length - 1] as AuditRecord).index;
    }
  }

  /** Partner streams the relay ever delivered the case to (covered now or cover ended). */
  private async partnerStreams(caseId: string): Promise<string[]> {
    const { dataSource, kind } = this.persistence;
    const schema = dataSource.getMetadata(CaseSnapshot).schema;
    const table = schema
      ? `${dataSource.driver.escape(schema)}.${dataSource.driver.escape('relay_partner_covers')}`
      : dataSource.driver.escape('relay_partner_covers');
    const rows = await dataSource.query<{ subscriber_id: string }[]>(
      `SELECT subscriber_id FROM ${table} WHERE case_id = ${kind === 'postgres' ? '$1' : '?'} ORDER BY subscriber_id`,
      [caseId],
    );
    return rows.map((r) => r.subscriber_id);
  }
}
