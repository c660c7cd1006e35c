import { randomBytes } from 'node:crypto';
import {
  AuditTrail,
  type CaseView,
  GetCaseHandler,
  GetCaseQuery,
  openPersistence,
  type Persistence,
} from '@fallverbund/cases-application';
import { type AuditLogStore, verifyLog } from '@fallverbund/audit-log';
import { type Benchmark, progress } from './support/benchmark';
import { noAudit } from './support/no-audit';
import { createBenchSchema, quoteIdent } from './support/bench-database';
import { alternate, median, medianRatio, roundRatios, runConcurrently, type Throughput } from './support/measure';
import { atLeast, formatNumber } from './support/report';
import {
  BENCH_AGENCY_PROFILES,
  NOW,
  OTHER_CASES,
  POOL_SIZE,
  prepareCaseReads,
  type Scenario,
  scenarios,
} from './policy-read.bench';

const CONCURRENT = 8;
const ROUNDS = 6;
const ROUND_MS = 1_500;
const WARMUP_MS = 1_000;
/** Issue 15: audited / unaudited at least 0.6 one at a time and 0.85 at 8 concurrent. */
const TARGET: Readonly<Record<number, number>> = { 1: 0.6, [CONCURRENT]: 0.85 };
/** verifyLog runs over the log's first entries, up to this many. */
const VERIFY_LIMIT = 10_000;

type ContenderKey = `${'unaudited' | 'audited'}${1 | typeof CONCURRENT}` | 'commit1' | `floor${typeof CONCURRENT}`;

/**
 * One case read through GetCaseHandler with the audit trail on (one entry per read, group-committed
 * to the Merkle log in PostgreSQL) against the same handler with noAudit(), on policy-read's fill.
 */
export const auditReadBenchmark: Benchmark = {
  name: 'audit-read',
  description:
    'Reads/s of GetCaseHandler.execute with new AuditTrail(persistence.audit) (every read appends one audit ' +
    'entry, group-committed to the PostgreSQL Merkle log) against the same handler with noAudit(), one request ' +
    "at a time and 8 concurrent, for policy-read's youth-office caseworker reading under a consent; policy-read's " +
    'fill of 10,000 other cases. Afterwards the log must hold one entry per audited read and verify. Bounds in the ' +
    'same rounds: one durable commit alone (sequential) and the same reads with the least durable record of each ' +
    '(one jsonb row per read, group-committed, 8 concurrent).',
  async run({ adminPool, url }) {
    const schema = await createBenchSchema(adminPool, 'audit_read');
    const masterKey = randomBytes(32);
    let persistence: Persistence | undefined;
    try {
      persistence = await openPersistence({
        kind: 'postgres',
        url,
        schema: schema.name,
        poolSize: POOL_SIZE,
        masterKey,
      });
      const { dataSource, vault, audit } = persistence;
      const { target, filled, projected, readModels } = await prepareCaseReads(
        'audit-read',
        persistence,
        adminPool,
        schema.name,
      );
      const sizeBefore = await audit.size();
      if (sizeBefore !== 0)
        throw new Error(`audit-read: the log should be empty before the reads, holds ${sizeBefore}`);

      const audited = new GetCaseHandler(dataSource, vault, new AuditTrail(audit), BENCH_AGENCY_PROFILES);
      const unaudited = new GetCaseHandler(dataSource, vault, noAudit(), BENCH_AGENCY_PROFILES);
      /** The case under test read through `handler`; `onRead` counts the reads that finished. */
      const readWith =
        (handler: GetCaseHandler, onRead: () => void = () => undefined) =>
        (scenario: Scenario) =>
        async (): Promise<CaseView> => {
          const view = await handler.execute(new GetCaseQuery(target.caseId, scenario.context));
          onRead();
          return view;
        };
      let auditedReads = 0;
      const readAudited = readWith(audited, () => (auditedReads += 1));
      const readUnaudited = readWith(unaudited);

      const [consentReader, healthReader] = scenarios(target.consentIds);
      for (const scenario of [consentReader, healthReader]) {
        scenario.check(await readAudited(scenario)());
        scenario.check(await readUnaudited(scenario)());
      }
      const afterChecks = await audit.size();
      if (afterChecks !== auditedReads) {
        throw new Error(`audit-read: ${auditedReads} audited reads left ${afterChecks} audit entries`);
      }

      const operations = {} as Record<ContenderKey, { writers: number; read: () => Promise<CaseView> }>;
      for (const writers of [1, CONCURRENT] as const) {
        operations[`unaudited${writers}`] = { writers, read: readUnaudited(consentReader) };
        operations[`audited${writers}`] = { writers, read: readAudited(consentReader) };
      }
      // The floor of the sequential audited read's second step: one durable commit of one row the size of
      // an entry (autocommit, synchronous_commit on, a plain pg pool), into a table of its own. An audited
      // read alone cannot be faster than its case read followed by such a commit (fail closed: the entry
      // must be durable before the answer, and it can only be written once the policy has decided).
      const floorTable = `${quoteIdent(schema.name)}.commit_floor`;
      await adminPool.query(`CREATE TABLE ${floorTable} (id bigserial PRIMARY KEY, entry jsonb NOT NULL)`);
      const sampleEntry = JSON.stringify((await audit.read(0, 1))[0]?.entry ?? {});
      operations.commit1 = {
        writers: 1,
        read: async () => {
          await adminPool.query(`INSERT INTO ${floorTable} (entry) VALUES ($1)`, [sampleEntry]);
          return undefined as unknown as CaseView;
        },
      };
      // The floor of the concurrent audited read: the same handler and AuditTrail (group commit, one batch
      // in flight), but its store only INSERTs the batch's entries as jsonb rows into a table of its own with
      // no index, no salt, no sequencer and no Merkle tree: the least any durable record of each read costs.
      const floorEntries = `${quoteIdent(schema.name)}.entry_floor`;
      await adminPool.query(`CREATE TABLE ${floorEntries} (entry jsonb NOT NULL)`);
      let floorRows = 0;
      const floorStore = {
        enqueue: async (entries: readonly unknown[]) => {
          const { rowCount } = await adminPool.query(
            `INSERT INTO ${floorEntries} (entry) SELECT e FROM jsonb_array_elements($1::jsonb) AS e`,
            [JSON.stringify(entries)],
          );
          floorRows += rowCount ?? 0;
        },
      } as unknown as AuditLogStore;
      const floorHandler = new GetCaseHandler(dataSource, vault, new AuditTrail(floorStore), BENCH_AGENCY_PROFILES);
      let floorReads = 0;
      operations[`floor${CONCURRENT}`] = {
        writers: CONCURRENT,
        read: readWith(floorHandler, () => (floorReads += 1))(consentReader),
      };
      const names = Object.keys(operations) as ContenderKey[];
      const contenders = Object.fromEntries(
        names.map((name) => [name, () => runConcurrently(operations[name].writers, ROUND_MS, operations[name].read)]),
      ) as Record<ContenderKey, () => Promise<Throughput>>;
      progress('audit-read', `warming up each contender for ${WARMUP_MS} ms`);
      const warmup = {} as Record<ContenderKey, Throughput>;
      for (const name of names) {
        warmup[name] = await runConcurrently(operations[name].writers, WARMUP_MS, operations[name].read);
      }
      const rounds = await alternate(ROUNDS, contenders, (round, name, result) =>
        progress('audit-read', `round ${round} ${name}: ${formatNumber(result.perSecond)}/s`),
      );

      // Every audited read awaited its entry, so the log must now hold exactly one per read.
      const logSize = await audit.size();
      if (logSize !== auditedReads) {
        throw new Error(`audit-read: ${auditedReads} audited reads, but the log holds ${logSize} entries`);
      }
      if (floorRows !== floorReads) {
        throw new Error(`audit-read: ${floorReads} reads of the floor, but its table holds ${floorRows} rows`);
      }
      const verifiedCount = Math.min(logSize, VERIFY_LIMIT);
      progress('audit-read', `${formatNumber(logSize)} entries; verifying the first ${formatNumber(verifiedCount)}`);
      const records = await audit.read(0, verifiedCount);
      const verdict = await verifyLog(records);
      const rootHex = Buffer.from(await audit.root(verifiedCount)).toString('hex');
      if (!verdict.valid || verdict.size !== verifiedCount || verdict.root !== rootHex) {
        throw new Error(
          `audit-read: the first ${verifiedCount} entries do not verify: ${JSON.stringify(verdict)}, ` +
            `stored root ${rootHex}`,
        );
      }
      const readByCaller = records.every((r) => r.entry !== null && JSON.stringify(r.entry).includes(target.caseId));
      if (!readByCaller) throw new Error('audit-read: an entry does not name the case under test');

      const medians = Object.fromEntries(
        Object.entries(rounds).map(([name, results]) => [name, median(results.map((r) => r.perSecond))]),
      ) as Record<ContenderKey, number>;
      const pairs = ([1, CONCURRENT] as const).map((writers) => ({
        writers,
        audited: `audited${writers}` as const,
        unaudited: `unaudited${writers}` as const,
      }));
      const ratios = pairs.map((p) => ({ ...p, ratio: medianRatio(rounds[p.audited], rounds[p.unaudited]) }));
      // Per round: an audited read alone takes at least an unaudited read plus one durable commit.
      const boundOf = (round: number): number => {
        const unauditedRate = rounds.unaudited1[round]?.perSecond ?? NaN;
        const commitRate = rounds.commit1[round]?.perSecond ?? NaN;
        return commitRate / (unauditedRate + commitRate);
      };
      const sequentialBounds = rounds.commit1.map((_, i) => boundOf(i));
      const sequentialBound = median(sequentialBounds);
      const concurrentBounds = roundRatios(rounds[`floor${CONCURRENT}`], rounds[`unaudited${CONCURRENT}`]);
      const concurrentBound = medianRatio(rounds[`floor${CONCURRENT}`], rounds[`unaudited${CONCURRENT}`]);
      const how = (writers: number) => (writers === 1 ? 'sequential' : `${writers} concurrent`);
      const perRound = (name: ContenderKey) => rounds[name].map((r) => formatNumber(r.perSecond));
      return {
        config: {
          otherCases: OTHER_CASES,
          poolSize: POOL_SIZE,
          typeormPoolSize: Math.max(2, Math.ceil(POOL_SIZE / 2)),
          concurrent: CONCURRENT,
          rounds: ROUNDS,
          roundMs: ROUND_MS,
          warmupMs: WARMUP_MS,
          now: NOW.toISOString(),
          caseUnderTest: "policy-read's (bench/policy-read.bench.ts, prepareCaseReads)",
          caller: { actor: consentReader.context.actor, purpose: consentReader.context.purpose },
          candidate: 'new GetCaseHandler(dataSource, vault, new AuditTrail(persistence.audit))',
          baseline: 'new GetCaseHandler(dataSource, vault, noAudit(), BENCH_AGENCY_PROFILES)',
          verifyLimit: VERIFY_LIMIT,
        },
        results: {
          medianPerSecond: medians,
          ratios: Object.fromEntries(ratios.map((r) => [`${r.writers}`, r.ratio])),
          sequentialBound,
          sequentialBounds,
          concurrentBound,
          concurrentBounds,
          roundRatios: Object.fromEntries(
            ratios.map((r) => [`${r.writers}`, roundRatios(rounds[r.audited], rounds[r.unaudited])]),
          ),
          rounds,
          warmup,
          fill: { cases: OTHER_CASES + 1, append: filled, projectedEvents: projected.events },
          readModels,
          auditLog: { auditedReads, entries: logSize, verified: verifiedCount, verdict },
        },
        targets: ratios.map((r) =>
          atLeast(
            `audit-read ${how(r.writers)} audited/unaudited`,
            r.ratio,
            TARGET[r.writers] ?? 0.85,
            `audit-read (${how(r.writers)}): audited ${formatNumber(medians[r.audited])}/s, ` +
              `unaudited ${formatNumber(medians[r.unaudited])}/s`,
          ),
        ),
        notes: [
          `audit-read (sequential): one durable commit alone ${formatNumber(medians.commit1)}/s, so an audited read ` +
            `alone is at most ${sequentialBound.toFixed(2)} of an unaudited one on this machine ` +
            `(1 / (1 + unaudited/s ÷ commits/s), median over the rounds)`,
          `audit-read (${CONCURRENT} concurrent): with the least durable record of each read (one jsonb row per read, ` +
            `group-committed, no index, no tree) ${formatNumber(medians[`floor${CONCURRENT}`])}/s, so an audited read ` +
            `at ${CONCURRENT} concurrent reaches at most ~${concurrentBound.toFixed(2)} of an unaudited one on this machine`,
          `audit-read: ${formatNumber(auditedReads)} audited reads, ${formatNumber(logSize)} audit entries; ` +
            `verifyLog over the first ${formatNumber(verifiedCount)}: valid, root ${verdict.root.slice(0, 16)}…`,
        ],
        tables: [
          {
            title: `audit-read: reads/s of one case, ${ROUND_MS / 1000} s rounds, ${formatNumber(OTHER_CASES)} other cases`,
            headers: ['', ...rounds.audited1.map((_, i) => `round ${i + 1}`), 'median'],
            rows: [
              ['sequential: one durable commit alone /s', ...perRound('commit1'), formatNumber(medians.commit1)],
              [
                'sequential: bound on audited / unaudited',
                ...sequentialBounds.map((x) => x.toFixed(2)),
                sequentialBound.toFixed(2),
              ],
              [
                `${CONCURRENT} concurrent: least durable record /s`,
                ...perRound(`floor${CONCURRENT}`),
                formatNumber(medians[`floor${CONCURRENT}`]),
              ],
              [
                `${CONCURRENT} concurrent: bound on audited / unaudited`,
                ...concurrentBounds.map((x) => x.toFixed(2)),
                concurrentBound.toFixed(2),
              ],
            ].concat(
              ratios.flatMap((r) => {
                const label = how(r.writers);
                return [
                  [`${label}: unaudited /s`, ...perRound(r.unaudited), formatNumber(medians[r.unaudited])],
                  [`${label}: audited /s`, ...perRound(r.audited), formatNumber(medians[r.audited])],
                  [
                    `${label}: audited / unaudited`,
                    ...roundRatios(rounds[r.audited], rounds[r.unaudited]).map((x) => x.toFixed(2)),
                    r.ratio.toFixed(2),
                  ],
                ];
              }),
            ),
          },
        ],
      };
    } finally {
      await persistence?.close();
      await schema.drop();
    }
  },
};
