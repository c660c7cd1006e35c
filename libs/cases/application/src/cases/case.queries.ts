import { Query } from '@nestjs/cqrs';
import { type Erased } from '@fallverbund/kernel';
import { type RequestContext } from './request-context';

export interface CaseView {
  readonly id: string;
  readonly participant: { givenName: string; familyName: string; birthDate: string } | Erased;
  readonly leadAgencyId: string;
  readonly status: string;
  readonly team: readonly { userId: string; agencyId: string; role: string; addedAt: string }[];
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface CaseListItem {
  readonly id: string;
  readonly participant: { givenName: string; familyName: string } | Erased;
  readonly leadAgencyId: string;
  readonly status: string;
  readonly openedAt: string;
  readonly version: number;
}

export interface TimelineEntryView {
  readonly eventId: string;
  readonly version: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: { userId: string; agencyId: string };
  readonly purpose: string;
  readonly details: Record<string, string>;
}

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class ListMyCasesQuery extends Query<{ items: CaseListItem[]; nextOffset: number | null }> {
  constructor(
    readonly context: RequestContext,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}

export class GetCaseTimelineQuery extends Query<{ items: TimelineEntryView[] }> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
