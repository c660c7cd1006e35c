import { randomBytes } from 'node:crypto';
import { ERASED, type PersonalDataSpecs } from '@fallverbund/kernel';
import Database from 'better-sqlite3';
import { AsyncMutex } from './async-mutex';
import { type EventStore, type NewEvent, type RecordedEvent } from './event-store';
import { type CategoryEnvelope, openEnvelope, type SubjectEnvelope } from './personal-envelope';
import { ENVELOPE, envelopeOf, PersonalDataVault, ProtectedEventStore } from './protected-event-store';
import { seal, SqliteSubjectKeyStore } from './subject-keys';

type Plan = { participantId: string; goals: string[]; words: string | null; cats: string[]; wordsCat: string };
const specs: PersonalDataSpecs = {
  Note: {
    subjectOf: (d: { participantId: string }) => d.participantId,
    fields: ['text'],
    categoryOf: () => 'health',
  },
  Plan: {
    subjectOf: (d: Plan) => d.participantId,
    fields: ['goals', 'words'],
    categoryOf: (d: Plan, field) => (field === 'goals' ? (d.cats as never) : (d.wordsCat as never)),
  },
  Legacy: { subjectOf: (d: { participantId: string }) => d.participantId, fields: ['text'] },
};

const metadata = {
  occurredAt: '2026-12-05T08:00:00.000Z',
  actor: { userId: 'u', agencyId: 'a', role: 'caseworker' as const },
  purpose: 'integration' as const,
  correlationId: 'c',
  causationId: null,
};
const event = (type: string, data: object): NewEvent => ({ eventId: type, type, schemaVersion: 1, data, metadata });

const setUp = () => {
  const db = new Database(':memory:');
  const keys = new SqliteSubjectKeyStore(db, new AsyncMutex(), randomBytes(32));
  let stored: RecordedEvent[] = [];
  const inner = {
    appendToStream: (_: string, events: readonly NewEvent[]) => {
      stored = events.map((e, i) => ({ ...e, streamId: 's', version: i + 1, position: BigInt(i + 1) }) as never);
      return Promise.resolve({ nextExpectedVersion: events.length, lastPosition: BigInt(events.length) });
    },
    readStream: () => Promise.resolve(stored),
  } as unknown as EventStore;
  const store = new ProtectedEventStore(inner, keys, specs);
  return { db, keys, store, vault: new PersonalDataVault(keys), stored: () => stored };
};

const plan: Plan = {
  participantId: 'p1',
  goals: ['find a flat', 'see the addiction counsellor', 'apply for jobs'],
  words: 'I want to work again',
  cats: ['plan', 'addiction', 'plan'],
  wordsCat: 'plan',
};

describe('the personal envelope by data category (issue 17)', () => {
  it('seals one part per category, items of a split array with their indexes, nothing in clear', async () => {
    const { store, stored } = setUp();
    await store.appendToStream(
      's',
      [event('Plan', plan), event('Note', { participantId: 'p1', text: 'diagnosis X' })],
      'any',
    );
    const [planned, note] = stored();
    const envelope = envelopeOf(planned!.data) as CategoryEnvelope;
    expect(envelope.v).toBe(2);
    expect(envelope.fields).toEqual(['goals', 'words']);
    expect(envelope.lengths).toEqual({ goals: 3 });
    expect(envelope.parts.map((p) => [p.category, p.fields, p.items])).toEqual([
      ['addiction', [], { goals: [1] }],
      ['plan', ['words'], { goals: [0, 2] }],
    ]);
    expect((envelopeOf(note!.data) as CategoryEnvelope).parts.map((p) => p.category)).toEqual(['health']);
    const raw = JSON.stringify(stored().map((e) => e.data));
    for (const text of [...plan.goals, plan.words!, 'diagnosis X']) expect(raw).not.toContain(text);
    expect(planned!.data).not.toHaveProperty('goals');
    // Read back whole.
    const [read, readNote] = await store.readStream('s');
    expect(read!.data).toEqual(plan);
    expect(readNote!.data).toEqual({ participantId: 'p1', text: 'diagnosis X' });
  });

  it('an erased category reads as erased in place: a whole field, or an item of a split array', async () => {
    const { store, keys, vault, stored } = setUp();
    await store.appendToStream(
      's',
      [
        event('Plan', plan),
        event('Note', { participantId: 'p1', text: 'diagnosis X' }),
        event('Plan', { ...plan, wordsCat: 'addiction' }),
      ],
      'any',
    );
    await keys.erase('p1#addiction', new Date());
    await keys.erase('p1#health', new Date());
    const [read, note, words] = await store.readStream('s');
    expect(read!.data).toEqual({ ...plan, goals: ['find a flat', ERASED, 'apply for jobs'] });
    expect(words!.data).toEqual({
      ...plan,
      wordsCat: 'addiction',
      goals: ['find a flat', ERASED, 'apply for jobs'],
      words: ERASED,
    });
    expect(note!.data).toEqual({ participantId: 'p1', text: ERASED });
    // The vault as the read models use it: partly erased in place, `null` where nothing opens any more.
    const opened = await vault.open(stored().map((e) => envelopeOf(e.data)));
    expect(opened).toEqual([
      { goals: ['find a flat', ERASED, 'apply for jobs'], words: 'I want to work again' },
      null,
      { goals: ['find a flat', ERASED, 'apply for jobs'], words: ERASED },
    ]);
    // A new text of an erased category cannot be sealed (its key is never created again).
    await expect(
      store.appendToStream('s', [event('Note', { participantId: 'p1', text: 'new' })], 'any'),
    ).rejects.toThrow(/were erased/);
  });

  it('erasing the subject erases every category: all fields read as erased', async () => {
    const { store, keys, vault, stored } = setUp();
    await store.appendToStream('s', [event('Plan', plan)], 'any');
    await keys.erase('p1', new Date());
    const [read] = await store.readStream('s');
    expect(read!.data).toEqual({ ...plan, goals: ERASED, words: ERASED });
    expect(await vault.open(stored().map((e) => envelopeOf(e.data)))).toEqual([null]);
  });

  it('keeps reading the legacy envelope (one part under the subject key), erased only with the subject', async () => {
    const { store, keys, vault, stored } = setUp();
    await store.appendToStream('s', [event('Legacy', { participantId: 'p1', text: 'old text' })], 'any');
    const envelope = envelopeOf(stored()[0]!.data) as SubjectEnvelope;
    expect(envelope.v).toBeUndefined();
    expect(envelope).toMatchObject({ subject: 'p1', fields: ['text'] });
    // An envelope as written before issue 17 (no version, no parts), built by hand.
    const key = await keys.keyFor('p1');
    const old: SubjectEnvelope = {
      subject: 'p1',
      fields: ['summary'],
      ...seal(key, Buffer.from('{"summary":"hello"}')),
    };
    expect(openEnvelope(old, new Map([['p1', key]]))).toEqual({ summary: 'hello' });
    await keys.erase('p1#health', new Date());
    await keys.erase('p1#addiction', new Date());
    expect((await store.readStream('s'))[0]!.data).toEqual({ participantId: 'p1', text: 'old text' });
    expect(await vault.open([old])).toEqual([{ summary: 'hello' }]);
    await keys.erase('p1', new Date());
    expect((await store.readStream('s'))[0]!.data).toEqual({ participantId: 'p1', text: ERASED });
    expect(await vault.open([old])).toEqual([null]);
  });

  it('an empty split array stays an empty array; a wrong number of item categories is refused', async () => {
    const { store } = setUp();
    await store.appendToStream('s', [event('Plan', { ...plan, goals: [], cats: [] })], 'any');
    expect((await store.readStream('s'))[0]!.data).toEqual({ ...plan, goals: [], cats: [] });
    await expect(store.appendToStream('s', [event('Plan', { ...plan, cats: ['plan'] })], 'any')).rejects.toThrow(
      /one category per item/,
    );
    expect(ENVELOPE).toBe('$personal');
  });
});
