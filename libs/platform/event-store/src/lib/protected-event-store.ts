import { type PersonalDataSpecs } from '@fallverbund/kernel';
import {
  type AppendResult,
  type CheckpointStore,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
} from './event-store';
import {
  categoryKeyId,
  type CategoryOf,
  envelopeKeyIds,
  erasedFields,
  openEnvelope,
  type PersonalEnvelope,
  planParts,
  sealByCategory,
} from './personal-envelope';
import { seal, type SubjectKeyStore } from './subject-keys';

export const ENVELOPE = '$personal';

/** The sealed personal fields of a raw (not opened) event's data, if it has any. */
export const envelopeOf = (data: object): PersonalEnvelope | undefined =>
  (data as Record<string, PersonalEnvelope | undefined>)[ENVELOPE];

/**
 * Opens sealed personal fields where they are needed, e.g. in a read model that keeps them sealed:
 * one key look-up for a batch, `null` where nothing can be opened any more (the subject's key erased, or
 * the key of every category in the envelope). A category whose key was erased reads as erased in place:
 * a whole field as `ERASED`, an item of a split array as an `ERASED` item.
 */
export class PersonalDataVault {
  constructor(private readonly keys: SubjectKeyStore) {}

  async open(envelopes: readonly (PersonalEnvelope | null | undefined)[]): Promise<(Record<string, unknown> | null)[]> {
    const ids = envelopes.flatMap((e) => (e ? envelopeKeyIds(e) : []));
    const keys = ids.length > 0 ? await this.keys.keysFor(ids) : new Map<string, Buffer>();
    return envelopes.map((envelope) => (envelope ? openEnvelope(envelope, keys) : null));
  }
}

type Data = Record<string, unknown>;

/**
 * Crypto-shredding around any event store: the personal fields named in the specs are sealed under
 * the data subject's key before they are stored, and opened on every read. Once the key is erased,
 * reads show those fields as `{ erased: true }`; the log itself is never rewritten.
 */
export class ProtectedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: SubjectKeyStore,
    private readonly specs: PersonalDataSpecs,
  ) {}

  get checkpoints(): CheckpointStore {
    return this.inner.checkpoints;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    const sealed = await Promise.all(events.map((event) => this.sealEvent(event)));
    return this.inner.appendToStream(streamId, sealed, expectedVersion);
  }

  async readStream(streamId: string, fromVersion?: number): Promise<RecordedEvent[]> {
    return this.openEvents(await this.inner.readStream(streamId, fromVersion));
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.openEvents(await this.inner.readAll(options));
  }

  waitForAppends(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.inner.waitForAppends(timeoutMs, signal);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The events as they are stored: personal fields sealed. For appends that bypass this wrapper. */
  seal(events: readonly NewEvent[]): Promise<NewEvent[]> {
    return Promise.all(events.map((event) => this.sealEvent(event)));
  }

  private async sealEvent(event: NewEvent): Promise<NewEvent> {
    const spec = this.specs[event.type];
    if (!spec) return event;
    const data = event.data as Data;
    const fields = spec.fields.filter((field) => data[field] !== undefined);
    if (fields.length === 0) return event;
    const subject = (spec.subjectOf as (data: object) => string)(data);
    const rest = Object.fromEntries(Object.entries(data).filter(([field]) => !fields.includes(field)));
    const categoryOf = spec.categoryOf as CategoryOf | undefined;
    let envelope: PersonalEnvelope;
    if (categoryOf) {
      // Keys per data category (issue 17): one part per category, each under `subject#category`.
      const plan = planParts(data, fields, categoryOf);
      const categories = [...plan.parts.keys()];
      const keys = await Promise.all(categories.map((c) => this.keys.keyFor(categoryKeyId(subject, c))));
      envelope = sealByCategory(subject, data, fields, plan, new Map(categories.map((c, i) => [c, keys[i]!])));
    } else {
      const key = await this.keys.keyFor(subject);
      const personal = Object.fromEntries(fields.map((field) => [field, data[field]]));
      envelope = { subject, fields, ...seal(key, Buffer.from(JSON.stringify(personal))) };
    }
    return { ...event, data: { ...rest, [ENVELOPE]: envelope } };
  }

  private async openEvents(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const ids = events.flatMap((event) => {
      const envelope = (event.data as Data)[ENVELOPE] as PersonalEnvelope | undefined;
      return envelope ? envelopeKeyIds(envelope) : [];
    });
    if (ids.length === 0) return events;
    const keys = await this.keys.keysFor(ids);
    return events.map((event) => {
      const { [ENVELOPE]: envelope, ...rest } = event.data as Data & { [ENVELOPE]?: PersonalEnvelope };
      if (!envelope) return event;
      const personal = openEnvelope(envelope, keys) ?? erasedFields(envelope);
      return { ...event, data: { ...rest, ...personal } };
    });
  }
}
