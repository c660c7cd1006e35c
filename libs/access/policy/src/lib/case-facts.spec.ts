import {
  isConsentActive,
  isDeclarationActive,
  type ChildProtectionDeclarationFacts,
  type ConsentFacts,
} from './case-facts';

const consent = (overrides: Partial<ConsentFacts> = {}): ConsentFacts => ({
  consentId: 'c-1',
  purposes: ['coordination'],
  dataCategories: ['identity'],
  recipientAgencyIds: ['drv-west'],
  recipientUserIds: [],
  validUntil: null,
  grantedAt: '2026-11-01T09:00:00.000Z',
  withdrawnAt: null,
  ...overrides,
});

const declaration = (overrides: Partial<ChildProtectionDeclarationFacts> = {}): ChildProtectionDeclarationFacts => ({
  declarationId: 'd-1',
  userId: 'cw-yo',
  declaredAt: '2026-11-25T10:00:00.000Z',
  expiresAt: '2026-11-28T10:00:00.000Z',
  ...overrides,
});

const at = (iso: string) => new Date(iso);

describe('a consent', () => {
  it('is active from the instant of its grant, not before', () => {
    expect(isConsentActive(consent(), at('2026-11-01T08:59:59.999Z'))).toBe(false);
    expect(isConsentActive(consent(), at('2026-11-01T09:00:00.000Z'))).toBe(true);
  });

  it('stays active through the end of its validUntil day (UTC) and expires at the next midnight', () => {
    const c = consent({ validUntil: '2026-11-25' });
    expect(isConsentActive(c, at('2026-11-25T23:59:59.999Z'))).toBe(true);
    expect(isConsentActive(c, at('2026-11-26T00:00:00.000Z'))).toBe(false);
  });

  it('is inactive from the instant of its withdrawal on', () => {
    const c = consent({ withdrawnAt: '2026-11-20T12:00:00.000Z' });
    expect(isConsentActive(c, at('2026-11-20T11:59:59.999Z'))).toBe(true);
    expect(isConsentActive(c, at('2026-11-20T12:00:00.000Z'))).toBe(false);
  });

  it('without validUntil runs until withdrawn', () => {
    expect(isConsentActive(consent(), at('2036-01-01T00:00:00.000Z'))).toBe(true);
  });

  it('with a malformed or impossible validUntil or timestamp is not active (fails closed)', () => {
    const now = at('2026-11-25T10:00:00.000Z');
    expect(isConsentActive(consent({ validUntil: '2026-02-30' }), at('2026-02-01T00:00:00.000Z'))).toBe(false);
    expect(isConsentActive(consent({ validUntil: '2026-12-01T00:00:00Z' }), now)).toBe(false);
    expect(isConsentActive(consent({ validUntil: 'soon' }), now)).toBe(false);
    expect(isConsentActive(consent({ grantedAt: 'yesterday' }), now)).toBe(false);
    expect(isConsentActive(consent({ withdrawnAt: 'never' }), now)).toBe(false);
  });
});

describe('a child-protection declaration', () => {
  it('is active from its declaration until expiresAt, exclusive', () => {
    expect(isDeclarationActive(declaration(), at('2026-11-25T09:59:59.999Z'))).toBe(false);
    expect(isDeclarationActive(declaration(), at('2026-11-25T10:00:00.000Z'))).toBe(true);
    expect(isDeclarationActive(declaration(), at('2026-11-28T09:59:59.999Z'))).toBe(true);
    expect(isDeclarationActive(declaration(), at('2026-11-28T10:00:00.000Z'))).toBe(false);
  });

  it('ends earlier when expiresAt says so', () => {
    const d = declaration({ expiresAt: '2026-11-25T12:00:00.000Z' });
    expect(isDeclarationActive(d, at('2026-11-25T12:00:00.000Z'))).toBe(false);
  });

  it('never lasts longer than 72 hours, whatever expiresAt says', () => {
    const d = declaration({ expiresAt: '2026-12-31T00:00:00.000Z' });
    expect(isDeclarationActive(d, at('2026-11-28T09:59:59.999Z'))).toBe(true);
    expect(isDeclarationActive(d, at('2026-11-28T10:00:00.000Z'))).toBe(false);
  });
});
