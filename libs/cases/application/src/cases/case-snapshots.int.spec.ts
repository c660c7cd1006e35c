import { randomUUID } from 'node:crypto';
import {
  type Case,
  type CaseCommand,
  type CaseEvent,
  CASE_EVENT_SCHEMA_VERSIONS,
  caseDecider,
  caseStreamId,
} from '@fallverbund/cases-domain';
import { type EventStore, type NewEvent, WrongExpectedVersionError } from '@fallverbund/event-store';
import { type Actor, foldEvents } from '@fallverbund/kernel';
import { describeWithPostgres } from '@fallverbund/testing';
import { AuditTrail } from '../audit/audit-trail';
import { type Persistence } from '../persistence/persistence';
import { type ProjectionRunner } from '../projections/projection-runner';
import { CaseRepository } from './case-repository';
import { CaseSnapshot, CaseSnapshots, RecentCaseStates, STATE_FORMAT } from './case-snapshots';
import { AccessDeniedError } from './case-access';
import { type RequestContext } from './request-context';
import { openTestPersistence } from '../persistence/testing/test-persistence';

const EVERY = 10;
const OPENED = new Date('2026-03-02T08:00:00.000Z');
const NOW = new Date('2026-06-01T09:00:00.000Z');
const actor: Actor = {
  userId: 'anna.coach',
  displayName: 'Anna Coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};
const context: RequestContext = {
  actor,
  purpose: 'coordination',
  requestId: randomUUID(),
  correlationId: null,
  now: NOW,
};

/** Events made by the decider from commands, as the API makes them. */
class CaseScript {
  readonly caseId = randomUUID();
  private state: Case = caseDecider.initialState();
  private contactsRecorded = 0;

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
          participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
        },
        metadata: { actor, purpose: 'coordination', now: OPENED },
      },
      OPENED,
    );
  }

  contact(): CaseCommand {
    const n = this.contactsRecorded++;
    return {
      type: 'RecordContact',
      data: {
        caseId: this.caseId,
        contactId: randomUUID(),
        kind: 'office',
        occurredAt: new Date(OPENED.getTime() + (n + 1) * 60_000).toISOString(),
        durationMinutes: 30,
        participants: ['participant', 'coach'],
        summary: `Vertrauliche Notiz ${n} über Mara`,
      },
      metadata: { actor, purpose: 'coordination', now: NOW },
    };
  }

  contacts(n: number): NewEvent[] {
    return Array.from({ length: n }, () => this.decide(this.contact(), NOW)).flat();
  }

  private decide(command: CaseCommand, at: Date): NewEvent[] {
    const events = caseDecider.decide(command, this.state);
    this.state = foldEvents(caseDecider, events, this.state);
    return events.map((e) => newEvent(e, at));
  }
}

const newEvent = (event: CaseEvent, at: Date): NewEvent => ({
  eventId: randomUUID(),
  type: event.type,
  schemaVersion: CASE_EVENT_SCHEMA_VERSIONS[event.type],
  data: event.data,
  metadata: {
    occurredAt: at.toISOString(),
    actor: { userId: actor.userId, agencyId: actor.agencyId, role: actor.role },
    purpose: 'coordination',
    correlationId: randomUUID(),
    causationId: null,
  },
});

const suite = (profile: 'sqlite' | 'postgres') => () => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;
  let snapshots: CaseSnapshots;
  let errors: unknown[];
  /** How many events each readStream of the repository returned. */
  let reads: number[];
  let repository: CaseRepository;

  beforeEach(async () => {
    ({ persistence, close: cleanup } = await openTestPersistence(profile, 'snapshots', { poolSize: 6 }));
    errors = [];
    reads = [];
    snapshots = new CaseSnapshots(persistence, { every: EVERY, onError: (error) => errors.push(error) });
    const inner = persistence.rawEvents;
    const counting: EventStore = new Proxy(inner, {
      get: (target, property, receiver) =>
        property === 'readStream'
          ? async (streamId: string, fromVersion?: number) => {
              const events = await target.readStream(streamId, fromVersion);
              reads.push(events.length);
              return events;
            }
          : (Reflect.get(target, property, receiver) as unknown),
    });
    repository = new CaseRepository(
      { rawEvents: counting, appendAudited: persistence.appendAudited },
      { waitFor: () => Promise.resolve() } as unknown as ProjectionRunner,
      new AuditTrail(persistence.audit),
      snapshots,
    );
  });

  afterEach(async () => {
    await snapshots.settled();
    await cleanup();
  });

  const append = async (script: CaseScript, events: NewEvent[]): Promise<void> => {
    const version = await persistence.rawEvents.streamVersion(script.streamId);
    await persistence.events.appendToStream(script.streamId, events, version);
  };

  /** The whole stream folded from the start: what every load must equal. */
  const fullFold = async (streamId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<Case> => {
    const stream = await persistence.rawEvents.readStream(streamId);
    return foldEvents(
      caseDecider,
      stream.filter((e) => e.version <= upTo).map((e) => ({ type: e.type, data: e.data }) as CaseEvent),
    );
  };

  const snapshotRow = (streamId: string): Promise<CaseSnapshot | null> =>
    persistence.dataSource.getRepository(CaseSnapshot).findOneBy({ streamId });

  /** A case of 1 + 30 events, loaded once: a snapshot at version 31. */
  const snapshotted = async (): Promise<CaseScript> => {
    const script = new CaseScript();
    await append(script, [...script.open(), ...script.contacts(30)]);
    await repository.load(script.caseId);
    await snapshots.settled();
    expect(await snapshotRow(script.streamId)).toMatchObject({ version: 31, stateFormat: STATE_FORMAT });
    reads.length = 0;
    return script;
  };

  it('takes a snapshot after a long fold and then reads only the tail', async () => {
    const script = new CaseScript();
    await append(script, [...script.open(), ...script.contacts(8)]);
    // 9 events: no more than EVERY, no snapshot.
    await repository.load(script.caseId);
    await snapshots.settled();
    expect(await snapshotRow(script.streamId)).toBeNull();

    await append(script, script.contacts(22));
    const first = await repository.load(script.caseId);
    await snapshots.settled();
    expect(reads).toEqual([9, 31]);
    expect(first.version).toBe(31);
    const row = await snapshotRow(script.streamId);
    expect(row).toMatchObject({ version: 31, stateFormat: STATE_FORMAT });
    expect(JSON.parse(row?.state ?? 'null')).toEqual(await fullFold(script.streamId));

    await append(script, script.contacts(5));
    const second = await repository.load(script.caseId);
    expect(reads).toEqual([9, 31, 5]);
    expect(second.version).toBe(36);
    expect(second.state).toEqual(await fullFold(script.streamId));
    // 5 events past the snapshot: it stays.
    await snapshots.settled();
    expect(await snapshotRow(script.streamId)).toMatchObject({ version: 31 });
    expect(errors).toEqual([]);
  });

  it('keeps no personal data in the snapshot', async () => {
    const script = await snapshotted();
    const state = (await snapshotRow(script.streamId))?.state ?? '';
    expect(state).not.toMatch(/Mara|Beispiel|1990-04-01|Vertrauliche/);
  });

  it('decides a command on the snapshot plus the tail and appends at the right version', async () => {
    const script = await snapshotted();
    await append(script, script.contacts(3));
    const result = await repository.handle(script.caseId, script.contact(), context, {
      audit: { action: 'record_contact', route: 'test', category: 'contacts' },
    });
    expect(result.version).toBe(35);
    expect(reads).toEqual([3]);
    expect((await repository.load(script.caseId)).state).toEqual(await fullFold(script.streamId));
  });

  it('ignores a snapshot of another format, replays in full and replaces it', async () => {
    const script = await snapshotted();
    await persistence.dataSource
      .getRepository(CaseSnapshot)
      .update({ streamId: script.streamId }, { stateFormat: STATE_FORMAT + 1000, state: '{"status":"bogus"}' });

    const loaded = await repository.load(script.caseId);
    expect(reads).toEqual([31]);
    expect(loaded).toEqual({ state: await fullFold(script.streamId), version: 31 });
    await snapshots.settled();
    const row = await snapshotRow(script.streamId);
    expect(row).toMatchObject({ version: 31, stateFormat: STATE_FORMAT });
    expect(JSON.parse(row?.state ?? 'null')).toEqual(loaded.state);
  });

  it('folds a long tail onto a stale snapshot as a full replay would, and moves the snapshot on', async () => {
    const script = await snapshotted();
    await append(script, script.contacts(25));

    const loaded = await repository.load(script.caseId);
    expect(reads).toEqual([25]);
    expect(loaded).toEqual({ state: await fullFold(script.streamId), version: 56 });
    await snapshots.settled();
    expect(await snapshotRow(script.streamId)).toMatchObject({ version: 56, stateFormat: STATE_FORMAT });
  });

  it('never replaces a newer snapshot with an older one', async () => {
    const script = await snapshotted();
    await append(script, script.contacts(20));
    const newer = await repository.load(script.caseId);
    await snapshots.settled();
    expect(await snapshotRow(script.streamId)).toMatchObject({ version: 51 });

    await snapshots.save(script.streamId, await fullFold(script.streamId, 31), 31);
    expect(await snapshotRow(script.streamId)).toMatchObject({ version: 51 });
    expect((await repository.load(script.caseId)).state).toEqual(newer.state);
  });

  it('folds the events appended concurrently with loads after the snapshot', async () => {
    const script = await snapshotted();
    const loads: { state: Case; version: number }[] = [];
    const writer = async (): Promise<void> => {
      for (let i = 0; i < 6; i++) {
        for (;;) {
          const version = await persistence.rawEvents.streamVersion(script.streamId);
          try {
            await persistence.events.appendToStream(script.streamId, script.contacts(3), version);
            break;
          } catch (error) {
            if (!(error instanceof WrongExpectedVersionError)) throw error;
          }
        }
      }
    };
    const reader = async (): Promise<void> => {
      for (let i = 0; i < 12; i++) loads.push(await repository.load(script.caseId));
    };
    await Promise.all([writer(), writer(), reader(), reader()]);
    await snapshots.settled();

    const final = await repository.load(script.caseId);
    expect(final).toEqual({ state: await fullFold(script.streamId), version: 31 + 2 * 6 * 3 });
    for (const loaded of loads) expect(loaded.state).toEqual(await fullFold(script.streamId, loaded.version));
    // The loads that folded more than EVERY events moved the snapshot on.
    expect((await snapshotRow(script.streamId))?.version).toBeGreaterThan(31);
    expect(errors).toEqual([]);
  });

  describe('states kept in the process (RecentCaseStates)', () => {
    let kept: CaseRepository;
    const audit = { action: 'record_contact', route: 'test', category: 'contacts' as const };
    /** Another process: appends through the log, unseen by `kept`. */
    const elsewhere = async (script: CaseScript, n: number): Promise<void> => append(script, script.contacts(n));
    const deniedEntries = async (caseId: string): Promise<number> => {
      await persistence.audit.sync(5_000);
      const records = await persistence.audit.read(0, 1_000);
      return records.filter((r) => r.entry?.caseRef === caseId && r.entry.decision === 'deny').length;
    };

    beforeEach(() => {
      const inner = repository as unknown as { persistence: ConstructorParameters<typeof CaseRepository>[0] };
      kept = new CaseRepository(
        inner.persistence,
        { waitFor: () => Promise.resolve() } as unknown as ProjectionRunner,
        new AuditTrail(persistence.audit),
        new RecentCaseStates(snapshots),
      );
    });

    it('decides the next command on the state it wrote, without reading the log, as a load from the log would', async () => {
      const script = new CaseScript();
      await append(script, [...script.open(), ...script.contacts(2)]);
      expect((await kept.handle(script.caseId, script.contact(), context, { audit })).version).toBe(4);
      reads.length = 0;
      expect((await kept.handle(script.caseId, script.contact(), context, { audit })).version).toBe(5);
      expect(reads).toEqual([]);
      // The kept state is what a load from the log folds (the events as stored, personal fields sealed).
      expect((await repository.load(script.caseId)).state).toEqual(await fullFold(script.streamId));
      expect((await kept.load(script.caseId)).state).toEqual(await fullFold(script.streamId));
    });

    it('decides again on the log when another process wrote since: the append at the kept version fails', async () => {
      const script = new CaseScript();
      await append(script, [...script.open(), ...script.contacts(2)]);
      await kept.handle(script.caseId, script.contact(), context, { audit });
      await elsewhere(script, 2);
      reads.length = 0;
      const result = await kept.handle(script.caseId, script.contact(), context, { audit });
      expect(result.version).toBe(7);
      // The append at version 4 was refused; one load read the two events after the kept state from the log.
      expect(reads).toEqual([2]);
      expect((await repository.load(script.caseId)).state).toEqual(await fullFold(script.streamId));
    });

    it('refuses on the log, not on a kept state that would permit: nothing is written', async () => {
      const script = new CaseScript();
      await append(script, [...script.open(), ...script.contacts(2)]);
      // A rule another process's write breaks: at most 4 contacts.
      const authorize = (state: Case): void => {
        if (state.status !== 'none' && state.contacts.length > 4) throw new AccessDeniedError('too many contacts');
      };
      await kept.handle(script.caseId, script.contact(), context, { audit, authorize });
      await elsewhere(script, 2);
      await expect(kept.handle(script.caseId, script.contact(), context, { audit, authorize })).rejects.toThrow(
        AccessDeniedError,
      );
      expect(await persistence.rawEvents.streamVersion(script.streamId)).toBe(6);
      expect(await deniedEntries(script.caseId)).toBe(1);
    });

    it('permits on the log what a kept state would refuse, and records no refusal', async () => {
      const script = new CaseScript();
      await append(script, [...script.open(), ...script.contacts(2)]);
      // A rule another process's write satisfies: at least 5 contacts before this one.
      const authorize = (state: Case): void => {
        if (state.status !== 'none' && state.contacts.length < 5) throw new AccessDeniedError('too few contacts');
      };
      await kept.handle(script.caseId, script.contact(), context, { audit });
      await elsewhere(script, 2);
      const result = await kept.handle(script.caseId, script.contact(), context, { audit, authorize });
      expect(result.version).toBe(7);
      expect(await deniedEntries(script.caseId)).toBe(0);
    });

    it.each([
      ['kept in the process', () => kept],
      ['loaded from the log', () => repository],
    ])('writes every one of 16 commands sent at once to one case, states %s', async (_, writer) => {
      const script = new CaseScript();
      await append(script, script.open());
      const commands = Array.from({ length: 16 }, () => script.contact());
      // Without the case's turns most lose the race to the append before them and run out of retries.
      const results = await Promise.all(commands.map((c) => writer().handle(script.caseId, c, context, { audit })));
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (__, i) => i + 2));
      const recorded = (await persistence.rawEvents.readStream(script.streamId))
        .filter((e) => e.type === 'ContactRecorded')
        .map((e) => (e.data as { contactId: string }).contactId);
      expect(recorded.sort()).toEqual(commands.map((c) => (c.data as { contactId: string }).contactId).sort());
    });

    it('answers If-Match against the log: the version the client saw there is not a conflict', async () => {
      const script = new CaseScript();
      await append(script, [...script.open(), ...script.contacts(2)]);
      await kept.handle(script.caseId, script.contact(), context, { audit });
      await elsewhere(script, 1);
      const result = await kept.handle(script.caseId, script.contact(), context, { audit, expectedVersion: 5 });
      expect(result.version).toBe(6);
    });
  });

  it('replays in full, and never fails the load, when the snapshot table is gone', async () => {
    const script = await snapshotted();
    const table = persistence.dataSource.getMetadata(CaseSnapshot).tablePath;
    await persistence.readModelLock.run(() => persistence.dataSource.query(`DROP TABLE ${table}`));

    const loaded = await repository.load(script.caseId);
    await snapshots.settled();
    expect(reads).toEqual([31]);
    expect(loaded).toEqual({ state: await fullFold(script.streamId), version: 31 });
    expect(errors.length).toBe(2); // the read and the write
  });
};

describe('case snapshots (sqlite)', suite('sqlite'));
describeWithPostgres('case snapshots (postgres)', suite('postgres'));
