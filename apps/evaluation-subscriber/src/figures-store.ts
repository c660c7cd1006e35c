import { EVALUATION_EVENT_TYPES, hasType, type IntegrationEvent } from '@fallverbund/contracts';
import { type Sql } from './sql';

/**
 * The subscriber's own tables: an inbox of the event ids it has applied, and the figures.
 *
 * The inbox is what makes at-least-once delivery look exactly-once: Kafka may deliver an event
 * again (after a crash, a rebalance, a relay that re-sent a batch), and the event's id (`ce_id`)
 * is the same every time. The id goes into the inbox in the SAME transaction as the change to the
 * figures, so either both are stored or neither: no crash can leave a counted event out of the
 * inbox (it would be counted twice) or an inbox entry without its count (it would never be counted).
 *
 * Keep inbox rows at least as long as the topic keeps messages (its retention); older ids cannot
 * come again.
 */
export const FIGURES_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS inbox (
     event_id TEXT PRIMARY KEY,
     event_type TEXT NOT NULL,
     received_at TEXT NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS cases_opened (
     agency_type TEXT NOT NULL, month TEXT NOT NULL, total INTEGER NOT NULL,
     PRIMARY KEY (agency_type, month)
   )`,
  `CREATE TABLE IF NOT EXISTS consents_granted (
     purpose TEXT NOT NULL, month TEXT NOT NULL, total INTEGER NOT NULL,
     PRIMARY KEY (purpose, month)
   )`,
  `CREATE TABLE IF NOT EXISTS consents_withdrawn (
     month TEXT PRIMARY KEY, total INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS team_members_added (
     role TEXT NOT NULL, month TEXT NOT NULL, total INTEGER NOT NULL,
     PRIMARY KEY (role, month)
   )`,
  `CREATE TABLE IF NOT EXISTS referral_waits (
     month TEXT PRIMARY KEY, total INTEGER NOT NULL, waiting_days INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS progress_ratings (
     perspective TEXT NOT NULL, dimension TEXT NOT NULL, month TEXT NOT NULL,
     total INTEGER NOT NULL, rating_sum INTEGER NOT NULL,
     PRIMARY KEY (perspective, dimension, month)
   )`,
];

/**
 * The versioned migrations of the subscriber's database, oldest first; `schema_migrations` records
 * which ran. Version 1 is the schema the subscriber created before it had migrations (`IF NOT EXISTS`
 * throughout, so a database of that time is only recorded). A new version is appended, never edited.
 */
export const FIGURES_MIGRATIONS: readonly { version: number; name: string; statements: readonly string[] }[] = [
  { version: 1, name: 'baseline', statements: FIGURES_SCHEMA },
];

export interface Figures {
  readonly casesOpened: { agencyType: string; month: string; count: number }[];
  readonly consentsGranted: { purpose: string; month: string; count: number }[];
  readonly consentsWithdrawn: { month: string; count: number }[];
  readonly teamMembersAdded: { role: string; month: string; count: number }[];
  /** First appointments per month, and the days they waited in all (mean: waitingDays / count). */
  readonly referralWaits: { month: string; count: number; waitingDays: number }[];
  /** Ratings per perspective, dimension and month, and their sum (mean: ratingSum / count). */
  readonly progressRatings: {
    perspective: string;
    dimension: string;
    month: string;
    count: number;
    ratingSum: number;
  }[];
}

export type ApplyResult = 'applied' | 'duplicate' | 'ignored';

export class FiguresStore {
  constructor(
    private readonly sql: Sql,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Runs the pending migrations in one transaction and returns their versions. On PostgreSQL under an
   * advisory lock of the schema, so that subscribers starting together take turns; SQLite's
   * `BEGIN IMMEDIATE` already admits one writer.
   */
  async migrate(): Promise<number[]> {
    return this.sql.transaction(async (tx) => {
      if (tx.dialect === 'postgres') {
        await tx.run(
          `SELECT pg_advisory_xact_lock(hashtext('fallverbund-evaluation-migrations:' || current_schema()))`,
        );
      }
      await tx.run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const applied = new Set(
        (await tx.all<{ version: number | string }>('SELECT version FROM schema_migrations')).map((row) =>
          Number(row.version),
        ),
      );
      const ran: number[] = [];
      for (const migration of FIGURES_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        for (const statement of migration.statements) await tx.run(statement);
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          this.now().toISOString(),
        ]);
        ran.push(migration.version);
      }
      return ran;
    });
  }

  /**
   * Applies one event exactly once. Resolves only after the transaction committed; the consumer
   * commits the Kafka offset only after that, so a crash in between means a redelivery, which the
   * inbox turns into 'duplicate'.
   */
  apply(event: IntegrationEvent): Promise<ApplyResult> {
    return this.sql.transaction(async (tx) => {
      // 1. Claim the id. No row inserted: this event was applied before, and this is a redelivery.
      const claimed = await tx.run(
        'INSERT INTO inbox (event_id, event_type, received_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
        [event.id, event.type, this.now().toISOString()],
      );
      if (claimed === 0) return 'duplicate';
      // 2. Change the figures, in the same transaction.
      return (await this.count(tx, event)) ? 'applied' : 'ignored';
    });
  }

  async figures(): Promise<Figures> {
    const rows = <Row>(query: string) => this.sql.all<Row>(query);
    return {
      casesOpened: (
        await rows<{ agency_type: string; month: string; total: number | string }>(
          'SELECT agency_type, month, total FROM cases_opened ORDER BY month, agency_type',
        )
      ).map((r) => ({ agencyType: r.agency_type, month: r.month, count: Number(r.total) })),
      consentsGranted: (
        await rows<{ purpose: string; month: string; total: number | string }>(
          'SELECT purpose, month, total FROM consents_granted ORDER BY month, purpose',
        )
      ).map((r) => ({ purpose: r.purpose, month: r.month, count: Number(r.total) })),
      consentsWithdrawn: (
        await rows<{ month: string; total: number | string }>(
          'SELECT month, total FROM consents_withdrawn ORDER BY month',
        )
      ).map((r) => ({ month: r.month, count: Number(r.total) })),
      teamMembersAdded: (
        await rows<{ role: string; month: string; total: number | string }>(
          'SELECT role, month, total FROM team_members_added ORDER BY month, role',
        )
      ).map((r) => ({ role: r.role, month: r.month, count: Number(r.total) })),
      referralWaits: (
        await rows<{ month: string; total: number | string; waiting_days: number | string }>(
          'SELECT month, total, waiting_days FROM referral_waits ORDER BY month',
        )
      ).map((r) => ({ month: r.month, count: Number(r.total), waitingDays: Number(r.waiting_days) })),
      progressRatings: (
        await rows<{
          perspective: string;
          dimension: string;
          month: string;
          total: number | string;
          rating_sum: number | string;
        }>(
          `SELECT perspective, dimension, month, total, rating_sum FROM progress_ratings
           ORDER BY month, perspective, dimension`,
        )
      ).map((r) => ({
        perspective: r.perspective,
        dimension: r.dimension,
        month: r.month,
        count: Number(r.total),
        ratingSum: Number(r.rating_sum),
      })),
    };
  }

  /** Adds the event to its figure; false for a type this subscriber does not count. */
  private async count(tx: Sql, event: IntegrationEvent): Promise<boolean> {
    // The consumer checked `data` against the contract's schema; hasType gives it its TS type.
    if (hasType(event, EVALUATION_EVENT_TYPES.caseOpened)) {
      await tx.run(
        `INSERT INTO cases_opened (agency_type, month, total) VALUES ($1, $2, 1)
         ON CONFLICT (agency_type, month) DO UPDATE SET total = cases_opened.total + 1`,
        [event.data.leadAgencyType, event.data.month],
      );
    } else if (hasType(event, EVALUATION_EVENT_TYPES.consentGranted)) {
      for (const purpose of event.data.purposes) {
        await tx.run(
          `INSERT INTO consents_granted (purpose, month, total) VALUES ($1, $2, 1)
           ON CONFLICT (purpose, month) DO UPDATE SET total = consents_granted.total + 1`,
          [purpose, event.data.month],
        );
      }
    } else if (hasType(event, EVALUATION_EVENT_TYPES.consentWithdrawn)) {
      await tx.run(
        `INSERT INTO consents_withdrawn (month, total) VALUES ($1, 1)
         ON CONFLICT (month) DO UPDATE SET total = consents_withdrawn.total + 1`,
        [event.data.month],
      );
    } else if (hasType(event, EVALUATION_EVENT_TYPES.teamMemberAdded)) {
      await tx.run(
        `INSERT INTO team_members_added (role, month, total) VALUES ($1, $2, 1)
         ON CONFLICT (role, month) DO UPDATE SET total = team_members_added.total + 1`,
        [event.data.role, event.data.month],
      );
    } else if (hasType(event, EVALUATION_EVENT_TYPES.referralWaited)) {
      await tx.run(
        `INSERT INTO referral_waits (month, total, waiting_days) VALUES ($1, 1, $2)
         ON CONFLICT (month) DO UPDATE SET total = referral_waits.total + 1,
           waiting_days = referral_waits.waiting_days + excluded.waiting_days`,
        [event.data.month, event.data.waitingDays],
      );
    } else if (hasType(event, EVALUATION_EVENT_TYPES.progressAssessed)) {
      for (const [dimension, rating] of Object.entries(event.data.ratings)) {
        await tx.run(
          `INSERT INTO progress_ratings (perspective, dimension, month, total, rating_sum) VALUES ($1, $2, $3, 1, $4)
           ON CONFLICT (perspective, dimension, month) DO UPDATE SET total = progress_ratings.total + 1,
             rating_sum = progress_ratings.rating_sum + excluded.rating_sum`,
          [event.data.perspective, dimension, event.data.month, rating],
        );
      }
    } else {
      // A type added to the topic later: not counted, but kept in the inbox as seen.
      return false;
    }
    return true;
  }
}
