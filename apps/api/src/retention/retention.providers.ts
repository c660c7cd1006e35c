import { type Provider } from '@nestjs/common';
import { RetentionScheduler } from './retention-scheduler.service';
import { RETENTION_CONFIG, type RetentionConfig } from './retention.config';
import { RetentionService } from './retention.service';

/** The retention scheduler and the DPO's retention routes (issue 17); absent config: the run is off. */
export const retentionProviders = (config: RetentionConfig | undefined): Provider[] => [
  { provide: RETENTION_CONFIG, useValue: config ?? { run: false, intervalMs: 86_400_000, firstRunMs: 300_000 } },
  RetentionScheduler,
  RetentionService,
];
