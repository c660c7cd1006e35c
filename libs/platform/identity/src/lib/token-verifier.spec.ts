import { VerifiedTokenCache, type VerifiedClaims } from './token-verifier';

describe('VerifiedTokenCache', () => {
  let now = 1_000_000;
  const checks: string[] = [];
  const check =
    (claims: VerifiedClaims) =>
    (token: string): Promise<VerifiedClaims> => {
      checks.push(token);
      return Promise.resolve(claims);
    };
  beforeEach(() => {
    now = 1_000_000;
    checks.length = 0;
  });

  it('checks a token once while it is fresh, and again after maxAgeMs', async () => {
    const cache = new VerifiedTokenCache({ maxAgeMs: 60_000, now: () => now });
    const claims = { sub: 'anna.coach', exp: now / 1000 + 3_600 };
    expect(await cache.claimsOf('t1', check(claims))).toEqual(claims);
    now += 59_999;
    expect(await cache.claimsOf('t1', check(claims))).toEqual(claims);
    expect(checks).toEqual(['t1']);
    now += 1;
    await cache.claimsOf('t1', check(claims));
    expect(checks).toEqual(['t1', 't1']);
  });

  it('never answers from memory past the token expiry', async () => {
    const cache = new VerifiedTokenCache({ maxAgeMs: 60_000, now: () => now });
    const claims = { sub: 'anna.coach', exp: (now + 10_000) / 1000 };
    await cache.claimsOf('t1', check(claims));
    now += 10_000;
    await cache.claimsOf('t1', check(claims));
    expect(checks).toEqual(['t1', 't1']);
  });

  it('keeps nothing of a token that failed its check, nor of one without exp', async () => {
    const cache = new VerifiedTokenCache({ now: () => now });
    const failing = (token: string): Promise<VerifiedClaims> => {
      checks.push(token);
      return Promise.reject(new Error('signature verification failed'));
    };
    await expect(cache.claimsOf('bad', failing)).rejects.toThrow('signature');
    await expect(cache.claimsOf('bad', failing)).rejects.toThrow('signature');
    await cache.claimsOf('no-exp', check({ sub: 'x' }));
    await cache.claimsOf('no-exp', check({ sub: 'x' }));
    expect(checks).toEqual(['bad', 'bad', 'no-exp', 'no-exp']);
  });

  it('holds at most maxEntries tokens, dropping the oldest', async () => {
    const cache = new VerifiedTokenCache({ maxEntries: 2, now: () => now });
    const claims = { sub: 'a', exp: now / 1000 + 3_600 };
    for (const token of ['t1', 't2', 't3', 't2', 't1']) await cache.claimsOf(token, check(claims));
    // t3 pushed t1 out; t2 was still held; t1 then pushed t2 out.
    expect(checks).toEqual(['t1', 't2', 't3', 't1']);
  });
});
