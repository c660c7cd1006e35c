import { Inject, Injectable } from '@nestjs/common';
import { participantSees } from '@fallverbund/access-questions';
import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';
import {
  notificationsOf,
  PERSISTENCE,
  type Persistence,
  type ReportedNotification,
} from '@fallverbund/cases-application';
import { type CaseEvent, caseStreamId } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { Directory } from '@fallverbund/identity';
import { DomainError } from '@fallverbund/kernel';
import { AccessTransparencyView } from './access-transparency.view';

const PAGE = 1_000;

/** The access asked about is not one the person can see in their case's log. */
export class AccessNotFoundError extends DomainError {
  readonly code = 'ACCESS_ENTRY.NOT_FOUND';
  readonly kind = 'not_found';
}

/** One legal basis of an access, structured for the person's view. */
export interface AccessLegalBasis {
  readonly kind: 'consent' | 'team' | 'statute';
  readonly consentId?: string;
  /** When the consent was given, and by whom (the person, their legal guardian, the person who entrusted it). */
  readonly consentGivenAt?: string;
  readonly consentGivenBy?: string;
  /** A case conference the person agreed to, or whose invitation rests on that agreement. */
  readonly conferenceId?: string;
  /** The norm, e.g. '§ 35 SGB I', '§ 8a SGB VIII'. */
  readonly statute?: string;
}

export interface ParticipantAccess {
  readonly index: number;
  readonly occurredAt: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly role: string;
  readonly action: string;
  readonly categories: readonly string[];
  readonly purpose: string;
  readonly legalBasis: readonly AccessLegalBasis[];
  readonly decision: 'permit' | 'deny';
}

export interface AccessFilter {
  readonly category?: string;
  readonly decision?: 'permit' | 'deny';
}

/**
 * The team rule opens a case to the lead agency's own staff on its team, for the agency's statutory task: no
 * transfer to another body (§ 69 SGB X) but need-to-know inside the agency (§ 35 SGB I), as the staff see it
 * (docs/access-policy.md).
 */
const TEAM_STATUTE = '§ 35 SGB I';

/** Statutes named by the prefix of a recorded basis (see formatLegalBasis and the bases of the app). */
const STATUTES: readonly (readonly [string, string])[] = [
  ['§8a SGB VIII', '§ 8a SGB VIII'],
  ['§67c Abs. 3 SGB X', '§ 67c Abs. 3 SGB X'],
  ['team_lead', '§ 67c Abs. 3 SGB X'],
  ['§78 Abs. 1 SGB X', '§ 78 Abs. 1 SGB X'],
  ['§ 84 SGB X', '§ 84 SGB X, Art. 17 GDPR'],
  ['Art. 15 GDPR', 'Art. 15 GDPR, § 83 SGB X'],
  ['Art. 39 GDPR', 'Art. 39 GDPR'],
  ['Art. 89 GDPR', 'Art. 89 GDPR'],
];

type ConsentFacts = ReadonlyMap<string, { grantedAt: string; grantedBy: string }>;

/** A recorded basis as the person's view shows it: consents with their date, never a justification. */
export function structuredBasis(basis: string, consents: ConsentFacts): AccessLegalBasis {
  if (basis === 'team') return { kind: 'team', statute: TEAM_STATUTE };
  if (basis.startsWith('consent:')) {
    const consentId = basis.slice('consent:'.length);
    const consent = consents.get(consentId);
    return {
      kind: 'consent',
      consentId,
      ...(consent ? { consentGivenAt: consent.grantedAt, consentGivenBy: consent.grantedBy } : {}),
    };
  }
  for (const prefix of ['conference agreement:', 'conference invitation:'])
    if (basis.startsWith(prefix)) return { kind: 'consent', conferenceId: basis.slice(prefix.length) };
  const statute = STATUTES.find(([prefix]) => basis.startsWith(prefix));
  // A basis the view has no norm for yet: the norm part, before any explanation, is still a norm.
  return { kind: 'statute', statute: statute ? statute[1] : (basis.split(':')[0] ?? basis).trim() };
}

/**
 * "Wer hat meine Daten gesehen?": the accesses of a case the person may see now, read from the access
 * log with the deferrals in force; and the view of questions and deferrals the other services share.
 * The binding check and the audit entry of the participant's read are the caller's.
 */
@Injectable()
export class AccessTransparencyService {
  private readonly transparency: AccessTransparencyView;

  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(Directory) private readonly directory: Directory,
  ) {
    this.transparency = new AccessTransparencyView(persistence.rawEvents);
  }

  /** The questions and deferrals as the log holds them now. */
  view(): Promise<AccessTransparencyView> {
    return this.transparency.current();
  }

  /** Events this process just appended: shown at once, before the global log is read again. */
  ownAppends(events: readonly RecordedEvent[]): void {
    this.transparency.apply(events);
  }

  /** The case's log entries, newest first (every page of them: a case has hundreds, not millions). */
  async caseRecords(caseId: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await this.persistence.audit.search(
        { caseRef: caseId },
        { order: 'desc', limit: PAGE, ...(after === undefined ? {} : { after }) },
      );
      records.push(...page);
      if (page.length < PAGE) return records;
      after = (page[page.length - 1] as AuditRecord).index;
    }
  }

  private async consentsOf(caseId: string): Promise<ConsentFacts> {
    const consents = new Map<string, { grantedAt: string; grantedBy: string }>();
    for (const event of await this.persistence.rawEvents.readStream(caseStreamId(caseId))) {
      const e = { type: event.type, data: event.data } as CaseEvent;
      if (e.type === 'ConsentGranted')
        consents.set(e.data.consentId, { grantedAt: e.data.grantedAt, grantedBy: e.data.grantedBy });
    }
    return consents;
  }

  /** The accesses the person may see now, newest first, filtered, one page of them and how many in all. */
  async accesses(
    caseId: string,
    filter: AccessFilter,
    page: { offset: number; limit: number },
    now: Date,
  ): Promise<{ items: ParticipantAccess[]; total: number; notifications: ReportedNotification[] }> {
    const deferral = (await this.view()).deferralOf(caseId);
    const shown = (await this.caseRecords(caseId)).flatMap(({ index, entry }) =>
      entry &&
      participantSees(entry, caseId, deferral, now) &&
      (filter.category === undefined || entry.categories.includes(filter.category)) &&
      (filter.decision === undefined || entry.decision === filter.decision)
        ? [{ index, entry }]
        : [],
    );
    const slice = shown.slice(page.offset, page.offset + page.limit);
    const consents = slice.some(({ entry }) => entry.legalBasis.some((b) => b.startsWith('consent:')))
      ? await this.consentsOf(caseId)
      : new Map<string, { grantedAt: string; grantedBy: string }>();
    return {
      items: slice.map(({ index, entry }) => this.accessOf(index, entry, consents)),
      total: shown.length,
      notifications: notificationsOf(
        await this.persistence.rawEvents.readStream(caseStreamId(caseId)),
        (id) => this.directory.agency(id)?.name ?? id,
      ),
    };
  }

  /** One access of the case the person may see now, or AccessNotFoundError. */
  async visibleAccess(caseId: string, index: number, now: Date): Promise<AuditRecord & { entry: AuditEntry }> {
    const deferral = (await this.view()).deferralOf(caseId);
    const size = await this.persistence.audit.size();
    const [record] =
      Number.isSafeInteger(index) && index >= 0 && index < size ? await this.persistence.audit.read(index, 1) : [];
    if (!record?.entry || !participantSees(record.entry, caseId, deferral, now))
      throw new AccessNotFoundError(`no access ${index} in the log of this case`);
    return record as AuditRecord & { entry: AuditEntry };
  }

  private accessOf(index: number, entry: AuditEntry, consents: ConsentFacts): ParticipantAccess {
    return {
      index,
      occurredAt: entry.occurredAt,
      agency: {
        id: entry.actor.agencyId,
        name: this.directory.agency(entry.actor.agencyId)?.name ?? entry.actor.agencyId,
      },
      role: entry.actor.role,
      action: entry.action,
      categories: entry.categories,
      purpose: entry.purpose,
      legalBasis: entry.legalBasis.map((b) => structuredBasis(b, consents)),
      decision: entry.decision,
    };
  }
}
