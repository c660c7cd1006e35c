import { type ProgressAssessed } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { bulkWrite } from '../projections/bulk-write';
import { type Projection } from '../projections/projection';
import { ProgressRatingRow } from './progress-read-model.entities';

/**
 * The progress curve of each case: one row per assessment and dimension. An assessment is written
 * once and never changed, so applying an event again inserts nothing (the key is the assessment and
 * the dimension), and a rebuild from zero writes the same rows.
 */
export const progressProjection: Projection = {
  name: 'progress',
  tables: [ProgressRatingRow],
  async apply(page, manager) {
    const rows: ProgressRatingRow[] = [];
    for (const recorded of page) {
      if (recorded.type !== 'ProgressAssessed' || !recorded.streamId.startsWith('case-')) continue;
      const { data } = recorded as RecordedEvent<ProgressAssessed['data']>;
      for (const [dimension, rating] of Object.entries(data.ratings)) {
        if (rating === undefined) continue;
        rows.push({
          assessmentId: data.assessmentId,
          dimension,
          caseId: data.caseId,
          perspective: data.perspective,
          rating,
          assessedAt: data.assessedAt,
          recordedBy: data.recordedBy,
          recordedAt: data.recordedAt,
        });
      }
    }
    await bulkWrite(manager, ProgressRatingRow, rows, 'ignore');
  },
};
