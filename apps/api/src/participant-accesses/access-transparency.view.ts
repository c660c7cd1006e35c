import {
  type AccessDeferralSet,
  type Deferral,
  DEFERRAL_STREAM,
  evolveDeferral,
  QUESTION_STREAM,
  type QuestionEvent,
} from '@fallverbund/access-questions';
import { type EventStore, type GlobalPosition, type RecordedEvent } from '@fallverbund/event-store';

const PAGE = 1_000;

/** A question's events as stored: texts still sealed; opened only when a reader is shown them. */
export interface StoredQuestion {
  readonly questionId: string;
  readonly caseId: string;
  readonly events: RecordedEvent[];
}

/**
 * The questions and deferrals, kept in memory and caught up from the global log before each use
 * (rebuildable from zero, keyed by stream version, so a page read twice changes nothing). An own
 * append is applied at once, so the writer reads it even before the global log shows it.
 */
export class AccessTransparencyView {
  private position: GlobalPosition | undefined;
  private catchingUp: Promise<void> | undefined;
  private readonly questions = new Map<string, StoredQuestion>();
  private readonly deferrals = new Map<string, { version: number; deferral: Deferral }>();

  constructor(private readonly rawEvents: EventStore) {}

  async current(): Promise<this> {
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
    await this.catchingUp;
    return this;
  }

  apply(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (QUESTION_STREAM.test(event.streamId)) this.applyQuestion(event);
      else if (DEFERRAL_STREAM.test(event.streamId) && event.type === 'AccessDeferralSet') {
        const data = event.data as AccessDeferralSet['data'];
        const known = this.deferrals.get(data.caseId);
        if (known && known.version >= event.version) continue;
        this.deferrals.set(data.caseId, {
          version: event.version,
          deferral: evolveDeferral(known?.deferral, { type: 'AccessDeferralSet', data }),
        });
      }
    }
  }

  deferralOf(caseId: string): Deferral | undefined {
    return this.deferrals.get(caseId)?.deferral;
  }

  allDeferrals(): Deferral[] {
    return [...this.deferrals.values()].map((d) => d.deferral);
  }

  questionsOf(caseId: string): StoredQuestion[] {
    return this.allQuestions().filter((q) => q.caseId === caseId);
  }

  allQuestions(): StoredQuestion[] {
    return [...this.questions.values()];
  }

  private applyQuestion(event: RecordedEvent): void {
    const type = event.type as QuestionEvent['type'];
    const { questionId } = event.data as { questionId: string };
    const known = this.questions.get(questionId);
    if (known?.events.some((e) => e.version === event.version)) return;
    if (type === 'QuestionAsked') {
      const { caseId } = event.data as { caseId: string };
      this.questions.set(questionId, { questionId, caseId, events: [event, ...(known?.events ?? [])] });
    } else if (known) {
      known.events.push(event);
      known.events.sort((a, b) => a.version - b.version);
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.rawEvents.readAll({ ...(this.position ? { after: this.position } : {}), limit: PAGE });
      const last = page[page.length - 1];
      if (!last) return;
      this.apply(page);
      this.position = last.position;
      if (page.length < PAGE) return;
    }
  }
}
