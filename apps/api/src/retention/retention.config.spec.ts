import { retentionConfigFromEnv } from './retention.config';

describe('RETENTION_RUN', () => {
  it('is on, daily, first after five minutes unless set; refuses anything but on and off', () => {
    expect(retentionConfigFromEnv({})).toEqual({ run: true, intervalMs: 86_400_000, firstRunMs: 300_000 });
    expect(
      retentionConfigFromEnv({ RETENTION_RUN: 'off', RETENTION_INTERVAL_HOURS: '6', RETENTION_FIRST_RUN_MINUTES: '1' }),
    ).toEqual({ run: false, intervalMs: 21_600_000, firstRunMs: 60_000 });
    expect(() => retentionConfigFromEnv({ RETENTION_RUN: 'yes' })).toThrow('RETENTION_RUN must be "on" or "off"');
    expect(() => retentionConfigFromEnv({ RETENTION_INTERVAL_HOURS: '0' })).toThrow(
      'RETENTION_INTERVAL_HOURS must be a positive number',
    );
  });
});
