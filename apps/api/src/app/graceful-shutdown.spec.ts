import { shutdownGraceFromEnv } from './graceful-shutdown';

describe('SHUTDOWN_GRACE_MS', () => {
  it('defaults to 10 s and takes whole milliseconds, 0 included', () => {
    expect(shutdownGraceFromEnv({})).toBe(10_000);
    expect(shutdownGraceFromEnv({ SHUTDOWN_GRACE_MS: '' })).toBe(10_000);
    expect(shutdownGraceFromEnv({ SHUTDOWN_GRACE_MS: '2500' })).toBe(2_500);
    expect(shutdownGraceFromEnv({ SHUTDOWN_GRACE_MS: '0' })).toBe(0);
  });

  it.each(['-1', '1.5', 'ten', '1e3x'])('refuses %p at start', (raw) => {
    expect(() => shutdownGraceFromEnv({ SHUTDOWN_GRACE_MS: raw })).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});
