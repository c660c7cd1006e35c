import { type CaseFacts } from '@fallverbund/access-policy';
import {
  type Case,
  CASE_EVENT_SCHEMA_VERSIONS,
  type CaseEvent,
  caseStreamId,
  evolveCase,
  initialCaseState,
} from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { factsFromState } from '../cases/case-access';

interface Entry {
  /** The last stream version folded in. */
  version: number;
  state: Case;
}

const CASE_STREAM = /^case-(.+)$/;

/** The case id of an event of a case stream, or undefined. */
export const caseIdOf = (event: RecordedEvent): string | undefined => CASE_STREAM.exec(event.streamId)?.[1];

/**
 * What the access policy needs about each case (lead agency, team, consents), folded by the relay
 * itself from the raw events it reads (nothing personal is needed, nothing is opened). Kept for the
 * most recently seen cases; a case that is not in memory (after a restart, or evicted) is folded from
 * its whole stream, so its facts are then as current as the log. Facts are therefore never older than
 * the page the relay is delivering, and never depend on the read models being up to date.
 */
export class CaseFactsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly readStream: (streamId: string) => Promise<RecordedEvent[]>,
    private readonly capacity = 10_000,
  ) {}

  /** Folds a page of the global log into the facts of its cases. A page folded before is skipped. */
  async advance(page: readonly RecordedEvent[]): Promise<void> {
    for (const event of page) {
      const caseId = caseIdOf(event);
      if (caseId === undefined) continue;
      const entry = this.touch(caseId);
      if (entry && event.version <= entry.version) continue;
      if (entry && event.version === entry.version + 1) {
        entry.state = evolve(entry.state, event);
        entry.version = event.version;
      } else if (!entry && event.version === 1) {
        this.put(caseId, { version: 1, state: evolve(initialCaseState(), event) });
      } else {
        await this.load(caseId);
      }
    }
  }

  /** The facts of a case as far as the relay knows it; loads the stream of a case it does not hold. */
  async factsOf(caseId: string): Promise<CaseFacts | undefined> {
    const entry = this.touch(caseId) ?? (await this.load(caseId));
    return entry.state.status === 'open' ? factsFromState(entry.state) : undefined;
  }

  /** The facts of a case in memory, without I/O (after `advance` of a page that holds the case). */
  cached(caseId: string): CaseFacts | undefined {
    const entry = this.entries.get(caseId);
    return entry?.state.status === 'open' ? factsFromState(entry.state) : undefined;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private async load(caseId: string): Promise<Entry> {
    const stream = await this.readStream(caseStreamId(caseId));
    const entry: Entry = {
      version: stream[stream.length - 1]?.version ?? 0,
      state: stream.reduce(evolve, initialCaseState()),
    };
    this.put(caseId, entry);
    return entry;
  }

  /** Most recently used last, so eviction drops the case not seen for longest. */
  private touch(caseId: string): Entry | undefined {
    const entry = this.entries.get(caseId);
    if (entry) {
      this.entries.delete(caseId);
      this.entries.set(caseId, entry);
    }
    return entry;
  }

  private put(caseId: string, entry: Entry): void {
    this.entries.delete(caseId);
    this.entries.set(caseId, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/** Events of a type this version does not know change nothing it knows. */
const evolve = (state: Case, event: RecordedEvent): Case =>
  Object.hasOwn(CASE_EVENT_SCHEMA_VERSIONS, event.type)
    ? evolveCase(state, { type: event.type, data: event.data } as CaseEvent)
    : state;
