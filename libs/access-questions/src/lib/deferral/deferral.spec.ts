import { type Deferral, DeferralInvalidError, decideDeferral, isHeldBack } from './deferral';

const now = new Date('2026-12-04T12:00:00.000Z');
const childProtection = { purpose: 'child_protection', breakGlass: false };
const breakGlass = { purpose: 'youth_support', breakGlass: true };
const ordinary = { purpose: 'integration', breakGlass: false };
const deferral = (releaseAt: string | null, reason: Deferral['reason'] = 'child_protection_8a'): Deferral => ({
  caseId: 'c-1',
  releaseAt,
  reason,
  setAt: '2026-12-01T00:00:00.000Z',
  setBy: 'frieda.dpo',
});

describe('held-back accesses', () => {
  it('hold child-protection accesses back while no release date is set', () => {
    expect(isHeldBack(childProtection, undefined, now)).toBe(true);
    expect(isHeldBack(breakGlass, undefined, now)).toBe(true);
    expect(isHeldBack(childProtection, deferral(null), now)).toBe(true);
    expect(isHeldBack(ordinary, undefined, now)).toBe(false);
  });

  it('show them once the release date has passed, not before', () => {
    expect(isHeldBack(childProtection, deferral('2026-12-04T12:00:00.000Z'), now)).toBe(false);
    expect(isHeldBack(childProtection, deferral('2026-12-04T12:00:00.001Z'), now)).toBe(true);
  });

  it('hold every access of the case back under § 83 Abs. 4 SGB X until the release date', () => {
    expect(isHeldBack(ordinary, deferral('2027-01-01T00:00:00.000Z', 'sgb_x_83_4'), now)).toBe(true);
    expect(isHeldBack(ordinary, deferral(null, 'gdpr_art_23'), now)).toBe(true);
    expect(isHeldBack(ordinary, deferral('2026-12-01T00:00:00.000Z', 'sgb_x_83_4'), now)).toBe(false);
    expect(isHeldBack(ordinary, deferral('2027-01-01T00:00:00.000Z'), now)).toBe(false);
  });
});

describe('setting a deferral', () => {
  const set = (releaseAt: string | null, reason: string) =>
    decideDeferral({
      type: 'SetAccessDeferral',
      data: { caseId: 'c-1', releaseAt, reason },
      metadata: { now, actor: { userId: 'frieda.dpo' } },
    });

  it('records the date in one form, the reason, who and when', () =>
    expect(set('2027-01-01T01:00:00+01:00', 'sgb_x_83_4')).toEqual([
      {
        type: 'AccessDeferralSet',
        data: {
          caseId: 'c-1',
          releaseAt: '2027-01-01T00:00:00.000Z',
          reason: 'sgb_x_83_4',
          setAt: now.toISOString(),
          setBy: 'frieda.dpo',
        },
      },
    ]));

  it('refuses an unknown reason and a date that is none', () => {
    expect(() => set(null, 'because')).toThrow(DeferralInvalidError);
    expect(() => set('next week', 'child_protection_8a')).toThrow(DeferralInvalidError);
  });
});
