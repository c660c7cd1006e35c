import { CASE_EVENT_TYPES, PARTNER_EVENT_TYPES, partnerTopic, TOPICS } from '@fallverbund/contracts';
import { type GlobalPosition } from '@fallverbund/event-store';
import { type MessagePublisher, type OutgoingMessage } from '@fallverbund/messaging';
import { sleep } from '@fallverbund/testing';
import { type Persistence } from '../persistence/persistence';
import { type PersistenceConfig } from '../persistence/persistence.config';
import { IntegrationRelay, type IntegrationRelayOptions } from './integration-relay';
import { type RelayStateStore } from './relay-state';
import { openRelayState, relayDatabaseOf } from './relay.module';
import { EMBEDDED_SUBSCRIBERS } from './subscribers';
import { DEMO_AGENCY_PROFILES } from '../disclosure/agency-profiles';
import { CaseHistory } from './testing/case-history';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';

/** A broker stand-in: keeps what it acknowledged; `down` refuses everything. */
class FakePublisher implements MessagePublisher {
  readonly sent: OutgoingMessage[] = [];
  down = false;
  attempts = 0;

  publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.attempts += 1;
    if (this.down) return Promise.reject(new Error('broker unreachable'));
    this.sent.push(...messages);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  on(topic: string): OutgoingMessage[] {
    return this.sent.filter((m) => m.topic === topic);
  }
}

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
const partner = partnerTopic('jugendamt-mitte-fallakte');

describe.each(PERSISTENCE_PROFILES)('IntegrationRelay (%s)', (profile) => {
  let persistence: Persistence;
  let config: PersistenceConfig;
  let cleanup: () => Promise<void>;
  const open: { relay: IntegrationRelay; state: RelayStateStore }[] = [];

  beforeEach(async () => {
    ({ persistence, close: cleanup, config } = await openTestPersistence(profile, 'relay', { schemaPoolSize: 2 }));
  });

  afterEach(async () => {
    for (const { relay, state } of open.splice(0)) {
      await relay.stop();
      await state.close();
    }
    await cleanup();
  });

  const startRelay = async (
    publisher: MessagePublisher,
    options: Partial<IntegrationRelayOptions> = {},
  ): Promise<{ relay: IntegrationRelay; state: RelayStateStore }> => {
    const state = await openRelayState(relayDatabaseOf(config));
    const relay = new IntegrationRelay({
      events: persistence.rawEvents,
      state,
      publisher,
      subscribers: EMBEDDED_SUBSCRIBERS,
      agencies: (id) => DEMO_AGENCY_PROFILES.of(id),
      idleMs: 20,
      retryMs: { initial: 20, max: 100 },
      ...options,
    });
    open.push({ relay, state });
    relay.start();
    return { relay, state };
  };

  const append = async (h: CaseHistory, ...events: ReturnType<CaseHistory['opened']>[]): Promise<GlobalPosition> => {
    const result = await persistence.events.appendToStream(h.streamId, events, h.nextExpectedVersion - events.length);
    return result.lastPosition;
  };

  it('publishes every case event in log order, checkpoints, and resumes without sending anything twice', async () => {
    const publisher = new FakePublisher();
    const first = await startRelay(publisher, { batchSize: 7 });
    const cases = Array.from({ length: 5 }, () => new CaseHistory());
    let last: GlobalPosition | undefined;
    for (const h of cases) last = await append(h, h.opened(at(0)), h.teamMember(at(1)));
    for (const h of cases) last = await append(h, h.healthNote(at(2)), h.childProtection(at(3)));
    expect(await first.relay.waitFor(last as GlobalPosition)).toBe(true);
    await first.relay.stop();

    const caseTopic = publisher.on(TOPICS.caseEvents);
    expect(caseTopic).toHaveLength(15);
    for (const h of cases) {
      expect(caseTopic.filter((m) => m.key === h.caseId).map((m) => m.event.sequence)).toEqual([1, 2, 3]);
    }
    expect(publisher.on(TOPICS.evaluation)).toHaveLength(10);
    expect(JSON.stringify(publisher.sent)).not.toContain('Schlafstörungen');
    expect(await first.relay.lag()).toBe(0);

    const more = new CaseHistory();
    const second = await startRelay(publisher);
    const end = await append(more, more.opened(at(4)));
    expect(await second.relay.waitFor(end)).toBe(true);
    const ids = publisher.sent.map((m) => `${m.topic}|${m.event.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(publisher.on(TOPICS.caseEvents)).toHaveLength(16);
  });

  it('keeps the log while the broker is down (lag grows) and delivers all of it once the broker is back', async () => {
    const publisher = new FakePublisher();
    const { relay } = await startRelay(publisher);
    const h = new CaseHistory();
    await relay.waitFor(await append(h, h.opened(at(0))));
    publisher.down = true;
    let last: GlobalPosition | undefined;
    for (let i = 1; i <= 20; i++) last = await append(h, h.teamMember(at(i), 'drv-nord', 'caseworker', `u-${i}`));
    await sleep(200);
    expect(publisher.attempts).toBeGreaterThan(2);
    expect(relay.stats.failures).toBeGreaterThan(0);
    expect(await relay.lag()).toBe(20);
    publisher.down = false;
    expect(await relay.waitFor(last as GlobalPosition)).toBe(true);
    expect(await relay.lag()).toBe(0);
    expect(publisher.on(TOPICS.caseEvents).map((m) => m.event.sequence)).toEqual(
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
  });

  it('sends a page again when it was acknowledged but not checkpointed (a crash): same ids, no gaps', async () => {
    const publisher = new FakePublisher();
    const state = await openRelayState(relayDatabaseOf(config));
    let failCommits = 1;
    const crashing: RelayStateStore = {
      acquire: (signal) => state.acquire(signal),
      get leading() {
        return state.leading;
      },
      release: () => state.release(),
      checkpoint: () => state.checkpoint(),
      covers: (caseIds) => state.covers(caseIds),
      dueCovers: (now, ids, limit) => state.dueCovers(now, ids, limit),
      commit: (position, covers) =>
        failCommits-- > 0 ? Promise.reject(new Error('killed before the checkpoint')) : state.commit(position, covers),
      eventsAfter: (position) => state.eventsAfter(position),
      close: () => state.close(),
    };
    const relay = new IntegrationRelay({
      events: persistence.rawEvents,
      state: crashing,
      publisher,
      agencies: (id) => DEMO_AGENCY_PROFILES.of(id),
      idleMs: 20,
      retryMs: { initial: 20, max: 50 },
    });
    open.push({ relay, state });
    const h = new CaseHistory();
    const end = await append(h, h.opened(at(0)), h.teamMember(at(1)), h.teamMember(at(2), 'drv-nord'));
    relay.start();
    expect(await relay.waitFor(end)).toBe(true);
    const caseTopic = publisher.on(TOPICS.caseEvents);
    expect(caseTopic.map((m) => m.event.sequence)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(caseTopic.slice(3).map((m) => m.event.id)).toEqual(caseTopic.slice(0, 3).map((m) => m.event.id));
  });

  it('streams a consented case to the partner, ends it once at withdrawal, and remembers that across restarts', async () => {
    const publisher = new FakePublisher();
    const h = new CaseHistory();
    const consent = h.consent(at(1));
    const first = await startRelay(publisher);
    await first.relay.waitFor(await append(h, h.opened(at(0)), consent, h.healthNote(at(2)), h.teamMember(at(3))));
    await first.relay.stop();
    expect(publisher.on(partner).map((m) => [m.event.type, m.event.sequence])).toEqual([
      [CASE_EVENT_TYPES.consentGranted, 1],
      [CASE_EVENT_TYPES.teamMemberAdded, 2],
    ]);

    const second = await startRelay(publisher);
    await second.relay.waitFor(await append(h, h.withdraw(at(4), consent.consentId)));
    await second.relay.stop();
    const third = await startRelay(publisher);
    await third.relay.waitFor(await append(h, h.teamMember(at(5), 'drv-nord'), h.healthNote(at(6))));
    expect(publisher.on(partner).map((m) => [m.event.type, m.event.sequence, m.event.data])).toEqual([
      [CASE_EVENT_TYPES.consentGranted, 1, expect.anything()],
      [CASE_EVENT_TYPES.teamMemberAdded, 2, expect.anything()],
      [PARTNER_EVENT_TYPES.coverEnded, 3, { reason: 'consent_withdrawn' }],
    ]);
    expect(publisher.on(partner).every((m) => m.event.category !== 'health')).toBe(true);
  });

  it('sends cover-ended on its timer when a consent runs out and nothing else happens in the case', async () => {
    const publisher = new FakePublisher();
    let now = new Date(at(10));
    const { relay } = await startRelay(publisher, { now: () => now, expiryCheckMs: 20 });
    const h = new CaseHistory();
    await relay.waitFor(await append(h, h.opened(at(0)), h.consent(at(1), { validUntil: '2026-11-30' })));
    expect(publisher.on(partner)).toHaveLength(1);
    now = new Date('2026-12-01T00:00:00.000Z');
    for (let i = 0; i < 100 && publisher.on(partner).length < 2; i++) await sleep(20);
    expect(publisher.on(partner).map((m) => [m.event.type, m.event.data, m.event.time])).toEqual([
      [CASE_EVENT_TYPES.consentGranted, expect.anything(), at(1)],
      [PARTNER_EVENT_TYPES.coverEnded, { reason: 'consent_expired' }, '2026-12-01T00:00:00.000Z'],
    ]);
    await sleep(100);
    expect(publisher.on(partner)).toHaveLength(2);
  });

  if (profile === 'postgres') {
    it('lets one relay per database work; a standby takes over when the active one stops', async () => {
      const publisher = new FakePublisher();
      const active = await startRelay(publisher);
      const h = new CaseHistory();
      await active.relay.waitFor(await append(h, h.opened(at(0))));
      const standby = await startRelay(publisher, { onLeading: () => undefined });
      await sleep(300);
      expect(active.state.leading).toBe(true);
      expect(standby.state.leading).toBe(false);
      const end = await append(h, h.teamMember(at(1)));
      expect(await active.relay.waitFor(end)).toBe(true);
      await active.relay.stop();
      const later = await append(h, h.teamMember(at(2), 'drv-nord'));
      expect(await standby.relay.waitFor(later, 10_000)).toBe(true);
      expect(standby.state.leading).toBe(true);
      expect(publisher.on(TOPICS.caseEvents).map((m) => m.event.sequence)).toEqual([1, 2, 3]);
    });
  }
});
