import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PERSPECTIVES, PROGRESS_DIMENSIONS, RATING_MAX, RATING_MIN } from '@fallverbund/cases-domain';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { auditedCase } from '../cases/case.query-handlers';
import { ProgressRatingRow } from './progress-read-model.entities';
import { GetProgressQuery, type ProgressCurve, type ProgressPoint } from './progress.queries';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The curve from the rows of one case, ordered by assessment time (ties: the one recorded first). */
export const progressCurve = (rows: readonly ProgressRatingRow[]): ProgressCurve => {
  const ordered = [...rows].sort(
    (a, b) =>
      byText(a.assessedAt, b.assessedAt) ||
      byText(a.recordedAt, b.recordedAt) ||
      byText(a.assessmentId, b.assessmentId),
  );
  const series = (dimension: string, perspective: string): ProgressPoint[] =>
    ordered
      .filter((r) => r.dimension === dimension && r.perspective === perspective)
      .map(({ assessmentId, rating, assessedAt, recordedBy }) => ({ assessmentId, rating, assessedAt, recordedBy }));
  return {
    scale: { min: RATING_MIN, max: RATING_MAX },
    dimensions: PROGRESS_DIMENSIONS.map((dimension) => {
      const [coach, self] = PERSPECTIVES.map((p) => series(dimension, p)) as [ProgressPoint[], ProgressPoint[]];
      return { dimension, coach, self, latest: { coach: coach.at(-1) ?? null, self: self.at(-1) ?? null } };
    }),
  };
};

@QueryHandler(GetProgressQuery)
export class GetProgressHandler implements IQueryHandler<GetProgressQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  async execute({ caseId, context }: GetProgressQuery): Promise<ProgressCurve> {
    const rows = await auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'progress',
      { action: 'read', route: 'GET /api/cases/{id}/progress' },
      () => this.dataSource.getRepository(ProgressRatingRow).findBy({ caseId }),
    );
    return progressCurve(rows);
  }
}

export const PROGRESS_QUERY_HANDLERS = [GetProgressHandler];
