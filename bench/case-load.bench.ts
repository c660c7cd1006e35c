import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  CaseRepository,
  CaseSnapshot,
  CaseSnapshots,
  DEFAULT_SNAPSHOT_EVERY,
  NO_SNAPSHOTS,
  openPersistence,
  type Persistence,
  type ProjectionRunner,
} from '@fallverbund/cases-application';
import {
  type Case,
  type CaseCommand,
  type CaseEvent,
  CASE_EVENT_SCHEMA_VERSIONS,
  caseDecider,
  caseStreamId,
} from '@fallverbund/cases-domain';
import { type EventStore, type NewEvent } from '@fallverbund/event-store';
import { type Actor, foldEvents } from '@fallverbund/kernel';
import { type Benchmark, progress } from './support/benchmark';
import { createBenchSchema } from './support/bench-database';
import { noAudit } from './support/no-audit';
import { alternate, median, percentile, type Throughput, throughput } from './support/measure';
import { atLeast, formatNumber } from './support/report';

const EVENTS = 5_000;
/** The default SNAPSHOT_EVERY: the longest tail a load folds before it takes a new snapshot. */
const TAIL = DEFAULT_SNAPSHOT_EVERY;
const BATCH = 500;
/** DATABASE_POOL_SIZE's default. */
const POOL_SIZE = 10;
const ROUNDS = 8;
const ROUND_MS = 2_000;
const WARMUP_MS = 1_000;
const TARGET = 10;

const OPENED = new Date('2026-01-05T08:00:00.000Z');
const NOW = new Date('2026-06-01T09:00:00.000Z');
const caseworker: Actor = {
  userId: 'user-jc-lead',
  displayName: 'Lea Lang',
  role: 'caseworker',
  agencyId: 'jobcenter-berlin-mitte',
  agencyType: 'jobcenter',
};

/**
 * The events of one long-running case, made by the decider from commands with a fixed clock: the
 * case opened, then contacts (RecordContact), one a minute, each with a summary (sealed on append).
 */
class LongCase {
  readonly caseId = randomUUID();
  private state: Case = caseDecider.initialState();
  private contacts = 0;

  get streamId(): string {
    return caseStreamId(this.caseId);
  }

  open(): NewEvent[] {
    return this.decide(
      {
        type: 'OpenCase',
        data: {
          caseId: this.caseId,
          participantId: randomUUID(),
          participant: { givenName: 'Mira', familyName: 'Sommer', birthDate: '1994-03-17' },
        },
        metadata: { actor: caseworker, purpose: 'coordination', now: OPENED },
      },
      OPENED,
    );
  }

  recordContacts(n: number): NewEvent[] {
    return Array.from({ length: n }, () => {
      const i = this.contacts++;
      return this.decide(
        {
          type: 'RecordContact',
          data: {
            caseId: this.caseId,
            contactId: randomUUID(),
            kind: i % 3 === 0 ? 'phone' : 'office',
            occurredAt: new Date(OPENED.getTime() + (i + 1) * 60_000).toISOString(),
            durationMinutes: 30,
            participants: ['participant', 'coach'],
            summary: `Contact ${i}: went through the application forms; next appointment agreed.`,
          },
          metadata: { actor: caseworker, purpose: 'coordination', now: NOW },
        },
        NOW,
      );
    }).flat();
  }

  private decide(command: CaseCommand, at: Date): NewEvent[] {
    const events = caseDecider.decide(command, this.state);
    this.state = foldEvents(caseDecider, events, this.state);
    return events.map((event) => newEvent(event, at));
  }
}

const newEvent = (event: CaseEvent, at: Date): NewEvent => ({
  eventId: randomUUID(),
  type: event.type,
  schemaVersion: CASE_EVENT_SCHEMA_VERSIONS[event.type],
  data: event.data,
  metadata: {
    occurredAt: at.toISOString(),
    actor: { userId: caseworker.userId, agencyId: caseworker.agencyId, role: caseworker.role },
    purpose: 'coordination',
    correlationId: randomUUID(),
    causationId: null,
  },
});

/** Appends the events in batches of BATCH through the production store (summaries sealed). */
const appendAll = async (persistence: Persistence, streamId: string, events: readonly NewEvent[]): Promise<void> => {
  let version = await persistence.rawEvents.streamVersion(streamId);
  for (let i = 0; i < events.length; i += BATCH) {
    const result = await persistence.events.appendToStream(streamId, events.slice(i, i + BATCH), version);
    version = result.nextExpectedVersion;
  }
};

/** The event store as the repository sees it, counting the events each readStream returns. */
const counting = (store: EventStore, counts: number[]): EventStore =>
  new Proxy(store, {
    get: (target, property, receiver) =>
      property === 'readStream'
        ? async (streamId: string, fromVersion?: number) => {
            const events = await target.readStream(streamId, fromVersion);
            counts.push(events.length);
            return events;
          }
        : (Reflect.get(target, property, receiver) as unknown),
  });

type Contender = 'full' | 'tail' | 'fresh';

/**
 * Loads one case for `durationMs`, one load at a time. The rate is rounded, so the ratio is taken from
 * the round's median milliseconds per load, which `latencies` receives.
 */
const loadFor = async (
  durationMs: number,
  load: () => Promise<unknown>,
  latencies: number[][],
): Promise<Throughput> => {
  const round: number[] = [];
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    const before = performance.now();
    await load();
    round.push(performance.now() - before);
  }
  latencies.push(round);
  return throughput(round.length, performance.now() - started);
};

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * One case of 5,000 events loaded for a command through CaseRepository.load: replayed in full (no
 * snapshots) against a snapshot TAIL events behind (the longest tail a load folds before it takes a
 * new snapshot at the default SNAPSHOT_EVERY), and, for information, against a snapshot just taken.
 */
export const caseLoadBenchmark: Benchmark = {
  name: 'case-load',
  description:
    `Milliseconds per CaseRepository.load of one case of ${formatNumber(EVENTS)} events (CaseOpened + ` +
    'ContactRecorded from RecordContact decisions), one load at a time: full replay (readStream from version 1 ' +
    `and fold) against the latest snapshot (case_snapshots) ${formatNumber(TAIL)} events behind plus readStream ` +
    'of the tail and fold; for information, a snapshot at the head of the stream.',
  async run({ adminPool, url }) {
    const schema = await createBenchSchema(adminPool, 'case_load');
    let persistence: Persistence | undefined;
    try {
      persistence = await openPersistence({
        kind: 'postgres',
        url,
        schema: schema.name,
        poolSize: POOL_SIZE,
        masterKey: randomBytes(32),
      });
      const p = persistence;
      const noProjections = { waitFor: () => Promise.resolve() } as unknown as ProjectionRunner;
      const snapshots = new CaseSnapshots(p, { every: DEFAULT_SNAPSHOT_EVERY });
      const reads: Record<Contender, number[]> = { full: [], tail: [], fresh: [] };
      const repository = (name: Contender) =>
        new CaseRepository(
          { rawEvents: counting(p.rawEvents, reads[name]), appendAudited: p.appendAudited },
          noProjections,
          noAudit(),
          name === 'full' ? NO_SNAPSHOTS : snapshots,
        );
      const repositories = { full: repository('full'), tail: repository('tail'), fresh: repository('fresh') };

      // Case "behind": a load takes the snapshot at EVENTS - TAIL, then the tail is appended.
      // Case "fresh": all EVENTS appended, then a load takes the snapshot at the head.
      const behind = new LongCase();
      const fresh = new LongCase();
      const setupStarted = performance.now();
      progress('case-load', `appending ${formatNumber(EVENTS)} events to each of two cases`);
      await appendAll(p, behind.streamId, [...behind.open(), ...behind.recordContacts(EVENTS - TAIL - 1)]);
      await repositories.tail.load(behind.caseId);
      await snapshots.settled();
      await appendAll(p, behind.streamId, behind.recordContacts(TAIL));
      await appendAll(p, fresh.streamId, [...fresh.open(), ...fresh.recordContacts(EVENTS - 1)]);
      await repositories.fresh.load(fresh.caseId);
      await snapshots.settled();
      const setupMs = performance.now() - setupStarted;

      const snapshotRow = (streamId: string) => p.dataSource.getRepository(CaseSnapshot).findOneByOrFail({ streamId });
      const expectSnapshots = async (): Promise<void> => {
        const [b, f] = [await snapshotRow(behind.streamId), await snapshotRow(fresh.streamId)];
        if (b.version !== EVENTS - TAIL || f.version !== EVENTS)
          throw new Error(`snapshots at ${b.version} and ${f.version}, expected ${EVENTS - TAIL} and ${EVENTS}`);
      };
      await expectSnapshots();

      // Every way must give the same state as a full replay, at version EVENTS.
      const reference = await repositories.full.load(behind.caseId);
      if (reference.version !== EVENTS || reference.state.status !== 'open')
        throw new Error(`full replay loaded version ${reference.version}, expected ${EVENTS}`);
      if (reference.state.contacts.length !== EVENTS - 1) throw new Error('the case does not hold the contacts');
      const fromSnapshot = await repositories.tail.load(behind.caseId);
      if (fromSnapshot.version !== EVENTS || !isDeepStrictEqual(fromSnapshot.state, reference.state))
        throw new Error('the state loaded from the snapshot and the tail differs from the full replay');
      const freshReplay = await repositories.full.load(fresh.caseId);
      const freshSnapshot = await repositories.fresh.load(fresh.caseId);
      if (freshSnapshot.version !== EVENTS || !isDeepStrictEqual(freshSnapshot.state, freshReplay.state))
        throw new Error('the state loaded from the fresh snapshot differs from the full replay');
      const snapshotBytes = (await snapshotRow(behind.streamId)).state.length;

      const loads: Record<Contender, () => Promise<unknown>> = {
        full: () => repositories.full.load(behind.caseId),
        tail: () => repositories.tail.load(behind.caseId),
        fresh: () => repositories.fresh.load(fresh.caseId),
      };
      const latencies: Record<Contender, number[][]> = { full: [], tail: [], fresh: [] };
      progress('case-load', `warming up each contender for ${WARMUP_MS} ms`);
      const warmup = {
        full: await loadFor(WARMUP_MS, loads.full, []),
        tail: await loadFor(WARMUP_MS, loads.tail, []),
        fresh: await loadFor(WARMUP_MS, loads.fresh, []),
      };
      for (const counts of Object.values(reads)) counts.length = 0;
      const rounds = await alternate(
        ROUNDS,
        {
          full: () => loadFor(ROUND_MS, loads.full, latencies.full),
          tail: () => loadFor(ROUND_MS, loads.tail, latencies.tail),
          fresh: () => loadFor(ROUND_MS, loads.fresh, latencies.fresh),
        },
        (round, name, result) =>
          progress(
            'case-load',
            `round ${round} ${name}: ${result.operations} loads, median ${round2(median(latencies[name][round - 1] ?? []))} ms`,
          ),
      );
      await snapshots.settled();

      // Every load read exactly what it should (the whole stream, the tail, nothing), and no load
      // moved a snapshot: TAIL events are not more than SNAPSHOT_EVERY.
      const expectedReads: Record<Contender, number> = { full: EVENTS, tail: TAIL, fresh: 0 };
      const loadsCounted = Object.fromEntries(
        (Object.keys(rounds) as Contender[]).map((name) => [name, rounds[name].reduce((n, r) => n + r.operations, 0)]),
      ) as Record<Contender, number>;
      for (const name of Object.keys(expectedReads) as Contender[]) {
        if (reads[name].length !== loadsCounted[name] || reads[name].some((n) => n !== expectedReads[name]))
          throw new Error(
            `${name}: ${loadsCounted[name]} loads counted, ${reads[name].length} reads, not all of ${expectedReads[name]} events`,
          );
      }
      await expectSnapshots();

      const roundMedians = (name: Contender) => latencies[name].map((round) => median(round));
      const perRoundRatios = (candidate: Contender) =>
        roundMedians('full').map((full, i) => round2(full / (roundMedians(candidate)[i] ?? NaN)));
      const ratios = {
        fullToTail: round2(median(perRoundRatios('tail'))),
        fullToFresh: round2(median(perRoundRatios('fresh'))),
      };
      const all = (name: Contender) => latencies[name].flat();
      const medianMs = {
        full: round2(median(all('full'))),
        tail: round2(median(all('tail'))),
        fresh: round2(median(all('fresh'))),
      };
      const p95Ms = {
        full: round2(percentile(all('full'), 95)),
        tail: round2(percentile(all('tail'), 95)),
        fresh: round2(percentile(all('fresh'), 95)),
      };
      const ms = (name: Contender) => roundMedians(name).map((m) => m.toFixed(1));
      const labels: Record<Contender, string> = {
        full: 'full replay',
        tail: `snapshot + ${TAIL} events`,
        fresh: 'snapshot at the head',
      };
      return {
        config: {
          events: EVENTS,
          snapshotEvery: DEFAULT_SNAPSHOT_EVERY,
          tailEvents: TAIL,
          appendBatch: BATCH,
          poolSize: POOL_SIZE,
          rounds: ROUNDS,
          roundMs: ROUND_MS,
          warmupMs: WARMUP_MS,
          caseUnderTest:
            `CaseOpened + ${formatNumber(EVENTS - 1)} ContactRecorded from RecordContact via caseDecider.decide, ` +
            'fixed clock, summaries sealed by the ProtectedEventStore; loads read the raw (sealed) log',
          snapshotStateBytes: snapshotBytes,
          setupMs: Math.round(setupMs),
        },
        results: {
          medianMs,
          p95Ms,
          ratios,
          roundRatios: { fullToTail: perRoundRatios('tail'), fullToFresh: perRoundRatios('fresh') },
          roundMedianMs: { full: roundMedians('full'), tail: roundMedians('tail'), fresh: roundMedians('fresh') },
          eventsReadPerLoad: expectedReads,
          loadsCounted,
          rounds,
          warmup,
        },
        targets: [
          atLeast(
            'case-load full/snapshot',
            ratios.fullToTail,
            TARGET,
            `case-load: ${formatNumber(EVENTS)} events, full replay ${medianMs.full} ms, snapshot + ` +
              `${TAIL} events ${medianMs.tail} ms per load`,
          ),
        ],
        notes: [
          `case-load: snapshot at the head of the stream ${medianMs.fresh} ms per load, ${ratios.fullToFresh}x faster than the full replay`,
        ],
        tables: [
          {
            title: `case-load: median ms per load of one case of ${formatNumber(EVENTS)} events, ${ROUND_MS / 1000} s rounds`,
            headers: ['', ...latencies.full.map((_, i) => `round ${i + 1}`), 'median'],
            rows: [
              ...(Object.keys(labels) as Contender[]).map((name) => [
                `${labels[name]} ms`,
                ...ms(name),
                medianMs[name].toFixed(1),
              ]),
              [
                'full / snapshot + tail',
                ...perRoundRatios('tail').map((r) => r.toFixed(2)),
                ratios.fullToTail.toFixed(2),
              ],
              [
                'full / snapshot at head',
                ...perRoundRatios('fresh').map((r) => r.toFixed(2)),
                ratios.fullToFresh.toFixed(2),
              ],
            ],
          },
          {
            title: 'case-load: per load',
            headers: ['', 'events read', 'median ms', 'p95 ms', 'loads'],
            rows: (Object.keys(labels) as Contender[]).map((name) => [
              labels[name],
              formatNumber(expectedReads[name]),
              medianMs[name].toFixed(2),
              p95Ms[name].toFixed(2),
              String(loadsCounted[name]),
            ]),
          },
        ],
      };
    } finally {
      await persistence?.close();
      await schema.drop();
    }
  },
};
