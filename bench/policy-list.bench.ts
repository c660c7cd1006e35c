import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { decideCaseAccess } from '@fallverbund/access-policy';
import {
  type CaseListItem,
  CaseSummary,
  type ConsentRecord,
  ListMyCasesHandler,
  ListMyCasesQuery,
  openPersistence,
  type Persistence,
  READ_MODEL_ENTITIES,
  type RequestContext,
} from '@fallverbund/cases-application';
import { type ParticipantIdentity } from '@fallverbund/cases-domain';
import { type PersonalEnvelope, seal } from '@fallverbund/event-store';
import { type Actor, type AgencyType, type DataCategory, isErased, type Purpose, type Role } from '@fallverbund/kernel';
import { type Pool } from 'pg';
import { DataSource, In } from 'typeorm';
import { noAudit } from './support/no-audit';
import { type Benchmark, progress } from './support/benchmark';
import { type BenchSchema, createBenchSchema, quoteIdent } from './support/bench-database';
import { median, percentile, ratio, type Throughput, throughput } from './support/measure';
import { describePlan, explainAnalyze, type PlanSummary, StatementCapture } from './support/query-plan';
import { atMost, formatNumber } from './support/report';

const SIZES = [10_000, 100_000] as const;
/** The caller is on the team of case n when n % VISIBLE_EVERY === VISIBLE_AT: exactly 1 %. */
const VISIBLE_EVERY = 100;
const VISIBLE_AT = 42;
export const LIMIT = 50;
const CALLS = 300;
const WARMUP_CALLS = 30;
const ROUNDS = 6;
const POOL_SIZE = 10;
const FILL_CHUNK = 5_000;
const USERS_PER_AGENCY = 250;
const TARGET = 1.5;

const OPENED_FROM = Date.UTC(2025, 5, 1);
/** After the newest case of the larger size (100,000 minutes after OPENED_FROM). */
export const NOW = new Date('2025-09-01T08:00:00.000Z');

interface Agency {
  readonly id: string;
  readonly type: AgencyType;
  readonly short: string;
  readonly role: Role;
}
const AGENCIES: readonly [Agency, Agency, Agency, Agency] = [
  { id: 'jobcenter-berlin-mitte', type: 'jobcenter', short: 'jc', role: 'caseworker' },
  { id: 'youth-office-berlin-pankow', type: 'youth_office', short: 'yo', role: 'caseworker' },
  { id: 'rehab-provider-spandau', type: 'rehab_provider', short: 'rp', role: 'caseworker' },
  { id: 'health-centre-wedding', type: 'health_provider', short: 'hc', role: 'health_professional' },
];
const agency = (i: number): Agency => AGENCIES[i % AGENCIES.length] as Agency;

export const caller: Actor = {
  userId: 'user-jc-caller',
  displayName: 'Carla Cordes',
  role: 'caseworker',
  agencyId: AGENCIES[0].id,
  agencyType: AGENCIES[0].type,
};
export const PURPOSE: Purpose = 'coordination';

const GIVEN_NAMES = ['Anna', 'Ben', 'Clara', 'Deniz', 'Emil', 'Fatma', 'Greta', 'Hakan', 'Ida', 'Jonas'];
const FAMILY_NAMES = ['Schulz', 'Yilmaz', 'Becker', 'Nowak', 'Hoffmann', 'Kaya', 'Wagner', 'Richter'];

type Member = { userId: string; agencyId: string; role: Role };
export interface PlannedCase {
  readonly caseId: string;
  readonly participantId: string;
  readonly participant: ParticipantIdentity;
  readonly lead: Agency;
  readonly team: readonly Member[];
  readonly consents: readonly ConsentRecord[];
  readonly openedAt: string;
  readonly visibleBy: 'team' | 'consent' | null;
}

const memberOf = (a: Agency, seed: number): Member => ({
  userId: `user-${a.short}-${seed % USERS_PER_AGENCY}`,
  agencyId: a.id,
  role: a.role,
});

const consentFor = (
  recipient: { agencyId?: string; userId?: string },
  purposes: Purpose[],
  dataCategories: DataCategory[],
  validUntil: string | null,
  recordedBy: string,
  grantedAt: string,
): ConsentRecord => ({
  consentId: randomUUID(),
  purposes,
  dataCategories,
  recipientAgencyIds: recipient.agencyId ? [recipient.agencyId] : [],
  recipientUserIds: recipient.userId ? [recipient.userId] : [],
  validUntil,
  form: 'written',
  grantedBy: 'participant',
  evidenceRef: null,
  recordedBy,
  grantedAt,
  withdrawnAt: null,
});

/**
 * Case number n. Every case has a team of 2 or 3 from different agencies, and five of seven a consent
 * for the agency of its second member (one in eleven expired). The caller's 1 %: half led by the caller's
 * jobcenter (team rule), half led by the youth office or the rehab provider with a consent for
 * coordination naming the jobcenter or the caller (consent rule). Colleagues of the caller sit on
 * many other teams and are named in consents there, which the caller must not see.
 */
const planCase = (n: number): PlannedCase => {
  const openedAt = new Date(OPENED_FROM + n * 60_000).toISOString();
  const participant: ParticipantIdentity = {
    givenName: GIVEN_NAMES[n % GIVEN_NAMES.length] as string,
    familyName: FAMILY_NAMES[Math.floor(n / 10) % FAMILY_NAMES.length] as string,
    birthDate: `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
  };
  const base = { caseId: randomUUID(), participantId: randomUUID(), participant, openedAt };
  const callerAsMember: Member = { userId: caller.userId, agencyId: caller.agencyId, role: caller.role };
  if (n % VISIBLE_EVERY === VISIBLE_AT) {
    const k = Math.floor(n / VISIBLE_EVERY);
    if (k % 2 === 0) {
      const opener = memberOf(AGENCIES[0], n);
      const third = Math.floor(k / 2) % 2 === 1 ? [memberOf(AGENCIES[1], n)] : [];
      return {
        ...base,
        lead: AGENCIES[0],
        team: [opener, callerAsMember, ...third],
        consents: third.map((m) =>
          consentFor(
            { agencyId: m.agencyId },
            ['coordination'],
            ['identity', 'case_admin'],
            null,
            opener.userId,
            openedAt,
          ),
        ),
        visibleBy: 'team',
      };
    }
    const lead = Math.floor(k / 4) % 2 === 0 ? AGENCIES[1] : AGENCIES[2];
    const opener = memberOf(lead, n);
    const recipient = Math.floor(k / 2) % 2 === 0 ? { agencyId: caller.agencyId } : { userId: caller.userId };
    return {
      ...base,
      lead,
      team: [opener, callerAsMember, ...(Math.floor(k / 2) % 2 === 0 ? [memberOf(AGENCIES[3], n)] : [])],
      consents: [
        consentFor(
          recipient,
          ['coordination', 'case_conference'],
          ['identity', 'case_admin', 'plan', 'progress'],
          k % 3 === 0 ? null : '2026-12-31',
          opener.userId,
          openedAt,
        ),
      ],
      visibleBy: 'consent',
    };
  }
  const leadIndex = n % AGENCIES.length;
  const secondIndex = (leadIndex + 1 + (Math.floor(n / AGENCIES.length) % 3)) % AGENCIES.length;
  const others = [0, 1, 2, 3].filter((i) => i !== leadIndex && i !== secondIndex);
  const lead = agency(leadIndex);
  const opener = memberOf(lead, n);
  const second = memberOf(agency(secondIndex), n * 7 + 3);
  const team = [opener, second, ...(n % 2 === 1 ? [memberOf(agency(others[Math.floor(n / 2) % 2] ?? 0), n * 13)] : [])];
  const health = agency(secondIndex).type === 'health_provider';
  return {
    ...base,
    lead,
    team,
    consents:
      // n % 7, not n % 3: with the agencies chosen by n % 4 and (n / 4) % 3, n % 3 would skip every
      // case whose second member is a jobcenter colleague.
      n % 7 >= 5
        ? []
        : [
            // A consent naming the caller's agency would show the case to the caller (rule consent needs
            // no team place): where the second member is a colleague, the consent names that colleague.
            consentFor(
              second.agencyId === caller.agencyId ? { userId: second.userId } : { agencyId: second.agencyId },
              health ? ['health_promotion', 'rehabilitation'] : ['coordination', 'case_conference'],
              health ? ['identity', 'case_admin', 'health'] : ['identity', 'case_admin', 'plan'],
              n % 11 === 0 ? '2025-08-15' : null,
              opener.userId,
              openedAt,
            ),
          ],
    visibleBy: null,
  };
};

const insertUnnest = async (
  pool: Pool,
  table: string,
  columns: readonly (readonly [name: string, type: string])[],
  rows: readonly (readonly unknown[])[],
): Promise<void> => {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => quoteIdent(name)).join(', ');
  const arrays = columns.map((_, i) => rows.map((row) => row[i]));
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  await pool.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays);
};

export interface VisibleCase {
  readonly n: number;
  readonly caseId: string;
  readonly participant: ParticipantIdentity;
  readonly visibleBy: 'team' | 'consent';
}

/**
 * Writes the read-model rows of `cases` cases directly, as caseProjection would leave them: the
 * identity sealed under a subject key of its own, the key wrapped under the master key the way
 * PostgresSubjectKeyStore wraps it (JSON of seal(masterKey, key)), so the handler opens names as in
 * production. Returns the caller's cases, newest first. Also used by the case-search benchmark.
 */
export const fill = async (
  pool: Pool,
  schema: string,
  masterKey: Buffer,
  cases: number,
  /** Writes more rows for each chunk of planned cases (the case-search benchmark's index rows). */
  alsoFor?: (planned: readonly PlannedCase[]) => Promise<void>,
): Promise<VisibleCase[]> => {
  const s = quoteIdent(schema);
  const visible: VisibleCase[] = [];
  for (let from = 0; from < cases; from += FILL_CHUNK) {
    const planned = Array.from({ length: Math.min(FILL_CHUNK, cases - from) }, (_, i) => planCase(from + i));
    const keys: unknown[][] = [];
    const summaries: unknown[][] = [];
    const members: unknown[][] = [];
    const grants: unknown[][] = [];
    planned.forEach((c, i) => {
      const key = randomBytes(32);
      keys.push([c.participantId, JSON.stringify(seal(masterKey, key))]);
      const sealed: PersonalEnvelope = {
        subject: c.participantId,
        fields: ['participant'],
        ...seal(key, Buffer.from(JSON.stringify({ participant: c.participant }))),
      };
      const access = { team: c.team, consents: c.consents, childProtectionDeclarations: [] };
      const version = c.team.length + c.consents.length;
      summaries.push([
        c.caseId,
        c.participantId,
        JSON.stringify(sealed),
        false,
        c.lead.id,
        c.lead.type,
        'open',
        JSON.stringify(access),
        c.openedAt,
        c.openedAt,
        version,
      ]);
      for (const m of c.team) members.push([c.caseId, m.userId, m.agencyId, m.role, c.openedAt, c.openedAt]);
      for (const consent of c.consents) {
        const recipients = [
          ...consent.recipientAgencyIds.map((id) => ['agency', id] as const),
          ...consent.recipientUserIds.map((id) => ['user', id] as const),
        ];
        for (const purpose of consent.purposes) {
          for (const [kind, id] of recipients) {
            grants.push([
              consent.consentId,
              purpose,
              id,
              c.caseId,
              kind,
              consent.dataCategories.includes('case_admin'),
              consent.dataCategories.includes('identity'),
              c.openedAt,
              consent.validUntil,
              false,
            ]);
          }
        }
      }
      if (c.visibleBy) {
        visible.push({ n: from + i, caseId: c.caseId, participant: c.participant, visibleBy: c.visibleBy });
      }
    });
    await insertUnnest(
      pool,
      `${s}.subject_keys`,
      [
        ['subject_id', 'text'],
        ['wrapped_key', 'text'],
      ],
      keys,
    );
    await insertUnnest(
      pool,
      `${s}.case_summaries`,
      [
        ['caseId', 'text'],
        ['participantId', 'text'],
        ['participantSealed', 'text'],
        ['participantErased', 'boolean'],
        ['leadAgencyId', 'text'],
        ['leadAgencyType', 'text'],
        ['status', 'text'],
        ['access', 'text'],
        ['openedAt', 'text'],
        ['updatedAt', 'text'],
        ['version', 'integer'],
      ],
      summaries,
    );
    await insertUnnest(
      pool,
      `${s}.case_team_members`,
      [
        ['caseId', 'text'],
        ['userId', 'text'],
        ['agencyId', 'text'],
        ['role', 'text'],
        ['addedAt', 'text'],
        ['caseOpenedAt', 'text'],
      ],
      members,
    );
    await insertUnnest(
      pool,
      `${s}.case_consent_grants`,
      [
        ['consentId', 'text'],
        ['purpose', 'text'],
        ['recipientId', 'text'],
        ['caseId', 'text'],
        ['recipientKind', 'text'],
        ['coversCaseAdmin', 'boolean'],
        ['coversIdentity', 'boolean'],
        ['caseOpenedAt', 'text'],
        ['validUntil', 'text'],
        ['withdrawn', 'boolean'],
      ],
      grants,
    );
    await alsoFor?.(planned);
  }
  // A live table has statistics; without them the planner would guess.
  for (const table of ['subject_keys', 'case_summaries', 'case_team_members', 'case_consent_grants']) {
    await pool.query(`VACUUM ANALYZE ${s}.${quoteIdent(table)}`);
  }
  return visible.sort((a, b) => b.n - a.n);
};

interface SizedList {
  readonly cases: number;
  readonly label: string;
  readonly schema: BenchSchema;
  readonly persistence: Persistence;
  readonly handler: ListMyCasesHandler;
  readonly visible: readonly VisibleCase[];
  readonly fill: Throughput;
  readonly rows: Record<string, number>;
}

const contextNow = (): RequestContext => ({
  actor: caller,
  purpose: PURPOSE,
  requestId: randomUUID(),
  correlationId: null,
  now: NOW,
});

const sameIds = (items: readonly CaseListItem[], expected: readonly VisibleCase[]): boolean =>
  items.length === expected.length && items.every((item, i) => item.id === expected[i]?.caseId);

/** Page 1 and 2 must be the caller's newest cases in order, named, and each one the policy lets the caller read. */
const checkPages = async (list: SizedList): Promise<{ page1: number; page2: number; nextOffsets: unknown[] }> => {
  const page1 = await list.handler.execute(new ListMyCasesQuery(contextNow(), LIMIT, 0));
  const page2 = await list.handler.execute(new ListMyCasesQuery(contextNow(), LIMIT, LIMIT));
  const fail = (what: string): never => {
    throw new Error(`policy-list at ${formatNumber(list.cases)} cases: ${what}`);
  };
  if (page1.items.length !== LIMIT || page2.items.length !== LIMIT) {
    fail(`pages of ${page1.items.length} and ${page2.items.length} items, expected ${LIMIT}`);
  }
  if (!sameIds(page1.items, list.visible.slice(0, LIMIT))) fail('page 1 is not the caller’s 50 newest cases');
  if (!sameIds(page2.items, list.visible.slice(LIMIT, 2 * LIMIT))) fail('page 2 does not continue page 1');
  if (page1.nextOffset !== LIMIT) fail(`page 1 offers nextOffset ${page1.nextOffset}, expected ${LIMIT}`);
  const expectedNext = list.visible.length > 2 * LIMIT ? 2 * LIMIT : null;
  if (page2.nextOffset !== expectedNext) fail(`page 2 offers nextOffset ${page2.nextOffset}, expected ${expectedNext}`);
  const items = [...page1.items, ...page2.items];
  const byId = new Map(list.visible.map((v) => [v.caseId, v]));
  for (const item of items) {
    const planned = byId.get(item.id);
    if (
      !item.participant ||
      isErased(item.participant) ||
      item.participant.givenName !== planned?.participant.givenName ||
      item.participant.familyName !== planned.participant.familyName
    ) {
      fail(`case ${item.id} is listed without its participant's name`);
    }
  }
  const summaries = await list.persistence.dataSource
    .getRepository(CaseSummary)
    .findBy({ caseId: In(items.map((i) => i.id)) });
  for (const summary of summaries) {
    const access = decideCaseAccess({
      actor: caller,
      purpose: PURPOSE,
      now: NOW,
      facts: {
        caseId: summary.caseId,
        leadAgencyId: summary.leadAgencyId,
        leadAgencyType: summary.leadAgencyType as AgencyType,
        ...summary.access,
        referrals: summary.access.referrals ?? [],
      },
    });
    if (!access.can('read', 'case_admin')) fail(`case ${summary.caseId} is listed but the policy withholds it`);
  }
  if (summaries.length !== items.length) fail('a listed case has no summary');
  const by = (page: readonly CaseListItem[], rule: string) =>
    page.filter((item) => byId.get(item.id)?.visibleBy === rule).length;
  if (by(items, 'team') === 0 || by(items, 'consent') === 0) fail('the pages should hold cases of both rules');
  return { page1: page1.items.length, page2: page2.items.length, nextOffsets: [page1.nextOffset, page2.nextOffset] };
};

/** The SQL the handler sends, caught through a DataSource of its own with a capturing logger, then explained. */
const explainList = async (
  url: string,
  adminPool: Pool,
  list: SizedList,
): Promise<PlanSummary & { sql: string; parameters: readonly unknown[] }> => {
  const capture = new StatementCapture();
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    schema: list.schema.name,
    entities: READ_MODEL_ENTITIES,
    synchronize: false,
    poolSize: 1,
    logging: ['query'],
    logger: capture,
  }).initialize();
  try {
    await new ListMyCasesHandler(dataSource, list.persistence.vault, noAudit(), list.persistence.searchIndex).execute(
      new ListMyCasesQuery(contextNow(), LIMIT, 0),
    );
  } finally {
    await dataSource.destroy();
  }
  const statement = capture.statements.find((st) => /^SELECT\b/.test(st.sql) && st.sql.includes('case_team_members'));
  if (!statement) throw new Error(`no list query among ${capture.statements.length} statements`);
  return { sql: statement.sql, parameters: statement.parameters, ...(await explainAnalyze(adminPool, statement)) };
};

const openSize = async (url: string, adminPool: Pool, cases: number): Promise<SizedList> => {
  const label = `${formatNumber(cases / 1000)}k`;
  const schema = await createBenchSchema(adminPool, `policy_list_${label}`);
  const masterKey = randomBytes(32);
  try {
    const persistence = await openPersistence({
      kind: 'postgres',
      url,
      schema: schema.name,
      poolSize: POOL_SIZE,
      masterKey,
    });
    progress('policy-list', `filling ${formatNumber(cases)} cases`);
    const started = performance.now();
    const visible = await fill(adminPool, schema.name, masterKey, cases);
    const filled = throughput(cases, performance.now() - started);
    const s = quoteIdent(schema.name);
    const { rows } = await adminPool.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM ${s}.case_summaries) AS summaries,
              (SELECT count(*) FROM ${s}.case_team_members) AS members,
              (SELECT count(*) FROM ${s}.case_consent_grants) AS grants,
              (SELECT count(*) FROM ${s}.case_team_members WHERE "userId" = $1) AS caller_memberships,
              (SELECT count(*) FROM ${s}.case_consent_grants WHERE "recipientId" = $2 AND purpose = $3) AS grants_to_callers_agency`,
      [caller.userId, caller.agencyId, PURPOSE],
    );
    const counted = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
    if (counted['summaries'] !== cases || counted['caller_memberships'] !== cases / VISIBLE_EVERY) {
      throw new Error(`unexpected fill at ${cases} cases: ${JSON.stringify(counted)}`);
    }
    progress('policy-list', `filled at ${formatNumber(filled.perSecond)} cases/s: ${JSON.stringify(counted)}`);
    return {
      cases,
      label,
      schema,
      persistence,
      handler: new ListMyCasesHandler(persistence.dataSource, persistence.vault, noAudit(), persistence.searchIndex),
      visible,
      fill: filled,
      rows: counted,
    };
  } catch (error) {
    await schema.drop();
    throw error;
  }
};

const ms = (value: number): string => `${value.toFixed(2)} ms`;

/**
 * ListMyCasesHandler (page of 50) for a caller who may see 1 % of the cases, at 10,000 and at
 * 100,000 cases, calls alternating between the two sizes.
 */
export const policyListBenchmark: Benchmark = {
  name: 'policy-list',
  description:
    'Latency of ListMyCasesHandler.execute (limit 50, offset 0, sequential) for a jobcenter caseworker with purpose ' +
    'coordination who is on the team of 1 % of the cases (half by the team rule, half by a consent), at 10,000 and ' +
    '100,000 cases written directly into the read models; the calls alternate between the two sizes.',
  async run({ url, adminPool }) {
    const lists: SizedList[] = [];
    try {
      for (const cases of SIZES) lists.push(await openSize(url, adminPool, cases));
      const [small, large] = lists as [SizedList, SizedList];

      const pages = { small: await checkPages(small), large: await checkPages(large) };
      progress('policy-list', 'pages checked; explaining the list query');
      const plans = {
        small: await explainList(url, adminPool, small),
        large: await explainList(url, adminPool, large),
      };

      const latencies = new Map<SizedList, number[]>(lists.map((l) => [l, []]));
      const call = async (list: SizedList): Promise<number> => {
        const started = performance.now();
        const page = await list.handler.execute(new ListMyCasesQuery(contextNow(), LIMIT, 0));
        const elapsed = performance.now() - started;
        if (page.items.length !== LIMIT) throw new Error(`a list call returned ${page.items.length} items`);
        return elapsed;
      };
      progress('policy-list', `${WARMUP_CALLS} warm-up calls and ${CALLS} measured calls per size`);
      for (let i = 0; i < WARMUP_CALLS + CALLS; i += 1) {
        // Which size goes first alternates too, so neither always follows the other.
        for (const list of i % 2 === 0 ? lists : [...lists].reverse()) {
          const elapsed = await call(list);
          if (i >= WARMUP_CALLS) latencies.get(list)?.push(elapsed);
        }
      }

      const stats = (list: SizedList) => {
        const values = latencies.get(list) ?? [];
        const perRound = CALLS / ROUNDS;
        return {
          calls: values.length,
          p50: percentile(values, 50),
          p95: percentile(values, 95),
          p99: percentile(values, 99),
          min: Math.min(...values),
          max: Math.max(...values),
          roundP50: Array.from({ length: ROUNDS }, (_, r) => median(values.slice(r * perRound, (r + 1) * perRound))),
        };
      };
      const figures = { small: stats(small), large: stats(large) };
      const p50Ratio = ratio(figures.large.p50, figures.small.p50);
      const p95Ratio = ratio(figures.large.p95, figures.small.p95);
      const round = (n: number) => Math.round(n * 1000) / 1000;
      return {
        config: {
          sizes: SIZES,
          visibleShare: 1 / VISIBLE_EVERY,
          limit: LIMIT,
          calls: CALLS,
          warmupCalls: WARMUP_CALLS,
          rounds: ROUNDS,
          poolSize: POOL_SIZE,
          usersPerAgency: USERS_PER_AGENCY,
          caller,
          purpose: PURPOSE,
          now: NOW.toISOString(),
          fill:
            'read-model rows written directly with INSERT … SELECT FROM unnest, 5,000 cases per statement, then ' +
            'VACUUM ANALYZE; every identity sealed under its own subject key',
        },
        results: {
          latencyMs: Object.fromEntries(
            lists.map((l) => [
              l.label,
              Object.fromEntries(
                Object.entries(figures[l === small ? 'small' : 'large']).map(([k, v]) => [
                  k,
                  Array.isArray(v) ? v.map(round) : round(v),
                ]),
              ),
            ]),
          ),
          ratios: { p50: p50Ratio, p95: p95Ratio },
          pages,
          readModels: Object.fromEntries(lists.map((l) => [l.label, l.rows])),
          fill: Object.fromEntries(lists.map((l) => [l.label, l.fill])),
          explain: Object.fromEntries(lists.map((l, i) => [l.label, i === 0 ? plans.small : plans.large])),
          latenciesMs: Object.fromEntries(lists.map((l) => [l.label, (latencies.get(l) ?? []).map(round)])),
        },
        targets: [
          atMost(
            'policy-list p50 100k/10k',
            p50Ratio,
            TARGET,
            `policy-list: p50 ${ms(figures.large.p50)} at ${formatNumber(large.cases)} cases, ` +
              `${ms(figures.small.p50)} at ${formatNumber(small.cases)}`,
          ),
        ],
        notes: [
          `policy-list: p95 ${ms(figures.large.p95)} at ${formatNumber(large.cases)} cases, ` +
            `${ms(figures.small.p95)} at ${formatNumber(small.cases)}, ratio ${p95Ratio.toFixed(2)}`,
          `policy-list EXPLAIN at ${formatNumber(small.cases)} cases: ${describePlan(plans.small)}`,
          `policy-list EXPLAIN at ${formatNumber(large.cases)} cases: ${describePlan(plans.large)}`,
        ],
        tables: [
          {
            title: `policy-list: latency of one page of ${LIMIT}, ${CALLS} calls per size (${ROUNDS} rounds of ${CALLS / ROUNDS})`,
            headers: [
              'cases',
              'p50',
              'p95',
              'p99',
              'min',
              ...figures.small.roundP50.map((_, i) => `round ${i + 1} p50`),
            ],
            rows: lists.map((l) => {
              const f = figures[l === small ? 'small' : 'large'];
              return [formatNumber(l.cases), ms(f.p50), ms(f.p95), ms(f.p99), ms(f.min), ...f.roundP50.map(ms)];
            }),
          },
          {
            title: 'policy-list: EXPLAIN (ANALYZE, BUFFERS) of the list query, page 1',
            headers: ['cases', 'rows read', 'shared hit', 'shared read', 'execution', 'of which JIT'],
            rows: lists.map((l, i) => {
              const plan = i === 0 ? plans.small : plans.large;
              return [
                formatNumber(l.cases),
                formatNumber(plan.rowsRead),
                formatNumber(plan.sharedHitBlocks),
                formatNumber(plan.sharedReadBlocks),
                ms(plan.executionMs),
                ms(plan.jitMs),
              ];
            }),
          },
        ],
      };
    } finally {
      for (const list of lists) {
        await list.persistence.close();
        await list.schema.drop();
      }
    }
  },
};
