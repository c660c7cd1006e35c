import { type AuditEntry, type AuditLogStore } from '@fallverbund/audit-log';
import { AuditTrail, AuditUnavailableError } from './audit-trail';

const entry = (requestId: string): AuditEntry => ({
  occurredAt: '2026-12-04T10:00:00.000Z',
  actor: { userId: 'u-1', role: 'caseworker', agencyId: 'a-1' },
  action: 'read',
  route: 'GET /api/cases/{id}',
  caseRef: 'case-1',
  categories: [],
  purpose: 'integration',
  legalBasis: ['team'],
  decision: 'permit',
  policyVersion: 'test',
  requestId,
  correlationId: null,
  outcome: 200,
  disclosure: false,
  breakGlass: false,
});

/** A store whose enqueues wait until the test settles them, one by one. */
const heldStore = () => {
  const calls: { ids: string[]; settle: (error?: Error) => void }[] = [];
  const store = {
    enqueue: (entries: readonly AuditEntry[]) =>
      new Promise<void>((resolve, reject) =>
        calls.push({
          ids: entries.map((e) => e.requestId ?? ''),
          settle: (error) => (error ? reject(error) : resolve()),
        }),
      ),
  } as unknown as AuditLogStore;
  return { store, calls };
};

const settled = async (promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> => {
  const state = await Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 5)),
  ]);
  return state;
};

describe('AuditTrail', () => {
  it('resolves a record only once its enqueue has resolved', async () => {
    const { store, calls } = heldStore();
    const recorded = new AuditTrail(store).record([entry('r-1')]);
    await expect(settled(recorded)).resolves.toBe('pending');
    expect(calls.map((c) => c.ids)).toEqual([['r-1']]);
    calls[0]!.settle();
    await expect(settled(recorded)).resolves.toBe('resolved');
  });

  it('writes one batch at a time by default and gathers what arrives meanwhile into the next', async () => {
    const { store, calls } = heldStore();
    const trail = new AuditTrail(store);
    const records = Array.from({ length: 5 }, (_, i) => trail.record([entry(`r-${i}`)]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map((c) => c.ids)).toEqual([['r-0']]);
    calls[0]!.settle();
    await expect(settled(records[0]!)).resolves.toBe('resolved');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map((c) => c.ids)).toEqual([['r-0'], ['r-1', 'r-2', 'r-3', 'r-4']]);
    await expect(settled(records[1]!)).resolves.toBe('pending');
    calls[1]!.settle();
    await expect(Promise.all(records)).resolves.toHaveLength(5);
  });

  it('writes up to maxInFlight batches at once and gathers what arrives meanwhile into the next', async () => {
    const { store, calls } = heldStore();
    const trail = new AuditTrail(store, 500, 4);
    const records = Array.from({ length: 10 }, (_, i) => trail.record([entry(`r-${i}`)]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map((c) => c.ids)).toEqual([['r-0'], ['r-1'], ['r-2'], ['r-3']]);
    calls[1]!.settle();
    await expect(settled(records[1]!)).resolves.toBe('resolved');
    await expect(settled(records[0]!)).resolves.toBe('pending');
    expect(calls.map((c) => c.ids)[4]).toEqual(['r-4', 'r-5', 'r-6', 'r-7', 'r-8', 'r-9']);
    for (const call of calls) call.settle();
    await expect(Promise.all(records)).resolves.toHaveLength(10);
  });

  it('writes what is recorded as a batch resolves, when nothing is recorded after it', async () => {
    // A caller that records again as soon as its record resolves does so before the writer that
    // resolved it has stopped: its entry must still be written, not wait for a record that never comes.
    const written: string[][] = [];
    const store = {
      enqueue: (entries: readonly AuditEntry[]) => {
        written.push(entries.map((e) => e.requestId ?? ''));
        return Promise.resolve();
      },
    } as unknown as AuditLogStore;
    const trail = new AuditTrail(store);
    const again = trail.record([entry('r-0')]).then(() => trail.record([entry('r-1')]));
    await expect(settled(again)).resolves.toBe('resolved');
    expect(written).toEqual([['r-0'], ['r-1']]);
  });

  it('fails every request of a batch whose enqueue failed, as AuditUnavailableError, and no other', async () => {
    const { store, calls } = heldStore();
    const trail = new AuditTrail(store, 500, 1);
    const first = trail.record([entry('r-0')]);
    const second = [trail.record([entry('r-1')]), trail.record([entry('r-2')])];
    calls[0]!.settle(new Error('connection lost'));
    await expect(first).rejects.toBeInstanceOf(AuditUnavailableError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls[1]!.ids).toEqual(['r-1', 'r-2']);
    calls[1]!.settle();
    await expect(Promise.all(second)).resolves.toEqual([undefined, undefined]);
  });
});
