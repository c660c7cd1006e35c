import { participantSees } from './participant-view';

const now = new Date('2026-12-04T12:00:00.000Z');
const entry = {
  caseRef: 'c-1',
  route: 'GET /api/cases/{id}',
  actor: { role: 'caseworker' },
  categories: ['identity'],
  decision: 'permit' as const,
  outcome: 200,
  purpose: 'youth_support',
  breakGlass: false,
};

describe("the participant's view of the log", () => {
  it('shows accesses of their case by staff, permitted or refused', () => {
    expect(participantSees(entry, 'c-1', undefined, now)).toBe(true);
    expect(participantSees({ ...entry, decision: 'deny', categories: [], outcome: 403 }, 'c-1', undefined, now)).toBe(
      true,
    );
    expect(participantSees({ ...entry, decision: 'deny', categories: [], outcome: 404 }, 'c-1', undefined, now)).toBe(
      true,
    );
  });

  it('leaves out a request refused for its input or state, which was refused no access and opened nothing', () => {
    for (const outcome of [400, 409, 412, 422])
      expect(participantSees({ ...entry, decision: 'deny', categories: [], outcome }, 'c-1', undefined, now)).toBe(
        false,
      );
  });

  it("leaves out other cases, their own reads, anonymous requests and the DPO's work on the log", () => {
    expect(participantSees(entry, 'c-2', undefined, now)).toBe(false);
    expect(participantSees({ ...entry, actor: { role: 'participant' } }, 'c-1', undefined, now)).toBe(false);
    expect(
      participantSees(
        { ...entry, actor: { role: '(anonymous)' }, decision: 'deny', outcome: 401 },
        'c-1',
        undefined,
        now,
      ),
    ).toBe(false);
    expect(participantSees({ ...entry, categories: [] }, 'c-1', undefined, now)).toBe(false);
    const logWork = {
      ...entry,
      route: 'PUT /api/audit/deferrals/{caseId}',
      categories: [],
      decision: 'deny' as const,
      outcome: 403,
    };
    expect(participantSees(logWork, 'c-1', undefined, now)).toBe(false);
  });

  it('leaves out a child-protection access until released', () => {
    const cp = { ...entry, purpose: 'child_protection' };
    expect(participantSees(cp, 'c-1', undefined, now)).toBe(false);
    const deferral = { caseId: 'c-1', reason: 'child_protection_8a' as const, setAt: '', setBy: 'frieda.dpo' };
    expect(participantSees(cp, 'c-1', { ...deferral, releaseAt: '2026-12-01T00:00:00.000Z' }, now)).toBe(true);
  });
});
