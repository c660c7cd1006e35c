import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseNotFoundError } from '@fallverbund/cases-domain';
import { ERASED } from '@fallverbund/kernel';
import { DataSource } from 'typeorm';
import { CaseSummary, CaseTeamMember, CaseTimelineEntry } from './case-read-model.entities';
import {
  type CaseListItem,
  type CaseView,
  GetCaseQuery,
  GetCaseTimelineQuery,
  ListMyCasesQuery,
  type TimelineEntryView,
} from './case.queries';

const isMember = async (dataSource: DataSource, caseId: string, userId: string): Promise<boolean> =>
  await dataSource.getRepository(CaseTeamMember).existsBy({ caseId, userId });

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute({ caseId, context }: GetCaseQuery): Promise<CaseView> {
    const summary = await this.dataSource.getRepository(CaseSummary).findOneBy({ caseId });
    if (!summary || !(await isMember(this.dataSource, caseId, context.actor.userId)))
      throw new CaseNotFoundError(caseId);
    const team = await this.dataSource
      .getRepository(CaseTeamMember)
      .find({ where: { caseId }, order: { addedAt: 'ASC' } });
    return {
      id: summary.caseId,
      participant: summary.participantErased
        ? ERASED
        : {
            givenName: summary.givenName ?? '',
            familyName: summary.familyName ?? '',
            birthDate: summary.birthDate ?? '',
          },
      leadAgencyId: summary.leadAgencyId,
      status: summary.status,
      team: team.map(({ userId, agencyId, role, addedAt }) => ({ userId, agencyId, role, addedAt })),
      openedAt: summary.openedAt,
      updatedAt: summary.updatedAt,
      version: summary.version,
    };
  }
}

@QueryHandler(ListMyCasesQuery)
export class ListMyCasesHandler implements IQueryHandler<ListMyCasesQuery> {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute({
    context,
    limit,
    offset,
  }: ListMyCasesQuery): Promise<{ items: CaseListItem[]; nextOffset: number | null }> {
    // The team filter runs in the database: a list never loads cases the caller is not on.
    const rows = await this.dataSource
      .getRepository(CaseSummary)
      .createQueryBuilder('c')
      .innerJoin(CaseTeamMember, 'm', 'm.caseId = c.caseId AND m.userId = :userId', { userId: context.actor.userId })
      .orderBy('c.openedAt', 'DESC')
      .addOrderBy('c.caseId', 'ASC')
      .offset(offset)
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit).map((c) => ({
      id: c.caseId,
      participant: c.participantErased ? ERASED : { givenName: c.givenName ?? '', familyName: c.familyName ?? '' },
      leadAgencyId: c.leadAgencyId,
      status: c.status,
      openedAt: c.openedAt,
      version: c.version,
    }));
    return { items, nextOffset: rows.length > limit ? offset + limit : null };
  }
}

@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimelineQuery> {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute({ caseId, context }: GetCaseTimelineQuery): Promise<{ items: TimelineEntryView[] }> {
    if (!(await isMember(this.dataSource, caseId, context.actor.userId))) throw new CaseNotFoundError(caseId);
    const entries = await this.dataSource
      .getRepository(CaseTimelineEntry)
      .find({ where: { caseId }, order: { version: 'ASC' } });
    return {
      items: entries.map((e) => ({
        eventId: e.eventId,
        version: e.version,
        type: e.type,
        occurredAt: e.occurredAt,
        actor: { userId: e.actorUserId, agencyId: e.actorAgencyId },
        purpose: e.purpose,
        details: e.details,
      })),
    };
  }
}
