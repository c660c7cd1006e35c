import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { codeLabel, nameLabel } from './labels';

export interface PlatformMetricsSources {
  /** ms behind the log per projection name (`logLagMs`). */
  projectionLagMs(): Promise<ReadonlyMap<string, number>>;
  /** When the newest signed audit checkpoint was issued; null when none was signed yet. */
  newestCheckpointAt(): Promise<Date | null>;
  readonly now?: () => Date;
  /** A source that failed during a scrape (the database is away): its series are left out of that scrape. */
  readonly onCollectError?: (source: string, error: unknown) => void;
}

/**
 * The platform's own series, on one registry. Labels are closed vocabularies only (`labels.ts`):
 * command names, outcomes and problem codes, projection names.
 */
export class PlatformMetrics {
  private readonly commands: Counter<'command' | 'outcome'>;
  private readonly refusals: Counter<'code'>;
  private readonly auditAppend: Histogram;

  constructor(registry: Registry, sources: PlatformMetricsSources) {
    const now = sources.now ?? (() => new Date());
    const failed = (source: string, error: unknown): void => sources.onCollectError?.(source, error);
    this.commands = new Counter({
      name: 'fallverbund_commands_total',
      help: 'Commands executed, by command name and outcome (ok, or the problem code that refused it)',
      labelNames: ['command', 'outcome'] as const,
      registers: [registry],
    });
    this.refusals = new Counter({
      name: 'fallverbund_refusals_total',
      help: 'Requests answered with a 4xx problem document, by its code',
      labelNames: ['code'] as const,
      registers: [registry],
    });
    this.auditAppend = new Histogram({
      name: 'fallverbund_audit_append_duration_seconds',
      help: 'Time to make the audit entries of a read durable (the answer waits for it)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    new Gauge({
      name: 'fallverbund_projection_lag_seconds',
      help: 'Age of the oldest event a projection has not applied yet (0: up to date)',
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const [name, ms] of await sources.projectionLagMs())
            this.set({ projection: nameLabel(name) }, ms / 1000);
        } catch (error) {
          failed('projection_lag', error);
        }
      },
    });
    new Gauge({
      name: 'fallverbund_audit_checkpoint_age_seconds',
      help: 'Seconds since the newest signed audit checkpoint was issued (no series before the first)',
      registers: [registry],
      async collect() {
        this.reset();
        try {
          const issued = await sources.newestCheckpointAt();
          if (issued) this.set(Math.max(0, (now().getTime() - issued.getTime()) / 1000));
        } catch (error) {
          failed('audit_checkpoint', error);
        }
      },
    });
  }

  /** One executed command: `ok`, or the code of the error that refused it. */
  command(name: string, outcome: string): void {
    this.commands.inc({ command: nameLabel(name), outcome: outcome === 'ok' ? 'ok' : codeLabel(outcome) });
  }

  /** One refusal answered as problem+json with `code`. */
  refusal(code: string): void {
    this.refusals.inc({ code: codeLabel(code) });
  }

  /** Runs `append` and observes how long it took, whether it succeeded or not. */
  async timeAuditAppend<T>(append: () => Promise<T>): Promise<T> {
    const end = this.auditAppend.startTimer();
    try {
      return await append();
    } finally {
      end();
    }
  }
}

/** The outcome label of a command that threw: the error's stable `code` when it has one. */
export const outcomeOf = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? codeLabel(code) : 'ERROR';
};
