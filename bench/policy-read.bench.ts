import { randomBytes, randomUUID } from 'node:crypto';
import {
  caseProjection,
  CaseSummary,
  CaseTeamMember,
  type CaseView,
  GetCaseHandler,
  GetCaseQuery,
  HealthNoteRow,
  openPersistence,
  type Persistence,
  ProjectionRunner,
  type RequestContext,
  AgencyProfiles,
} from '@fallverbund/cases-application';
import {
  CaseNotFoundError,
  type CaseOpened,
  caseStreamId,
  type ConsentGranted,
  type HealthNoteRecorded,
  type ParticipantIdentity,
  type TeamMemberAdded,
} from '@fallverbund/cases-domain';
import { type NewEvent, type PersonalDataVault } from '@fallverbund/event-store';
import { Directory, PartnerDirectory } from '@fallverbund/identity';
import { type Actor, ERASED, isErased, type Purpose } from '@fallverbund/kernel';
import { type Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { type Benchmark, progress } from './support/benchmark';
import { noAudit } from './support/no-audit';
import { createBenchSchema, quoteIdent } from './support/bench-database';
import { caseEvent, caseEvents } from './support/case-events';
import {
  alternate,
  median,
  medianRatio,
  roundRatios,
  runConcurrently,
  type Throughput,
  throughput,
} from './support/measure';
import { atLeast, formatNumber } from './support/report';

export const OTHER_CASES = 10_000;
/** DATABASE_POOL_SIZE's default: a pg Pool of 10 for the log and the keys, 5 TypeORM connections. */
export const POOL_SIZE = 10;
const FILL_WRITERS = 16;
const CONCURRENT = 8;
const ROUNDS = 6;
const ROUND_MS = 1_500;
const WARMUP_MS = 1_000;
const TARGET = 0.8;

export const NOW = new Date('2026-06-01T09:00:00.000Z');
const JOBCENTER = { agencyId: 'jobcenter-berlin-mitte', agencyType: 'jobcenter' } as const;
const YOUTH_OFFICE = { agencyId: 'youth-office-berlin-pankow', agencyType: 'youth_office' } as const;
const HEALTH_CENTRE = { agencyId: 'health-centre-wedding', agencyType: 'health_provider' } as const;

/** The three agencies as the disclosure rules see them: the health centre on the team is health data. */
const benchDirectory = new Directory(
  [JOBCENTER, YOUTH_OFFICE, HEALTH_CENTRE].map((a) => ({ id: a.agencyId, name: a.agencyId, type: a.agencyType })),
);
export const BENCH_AGENCY_PROFILES = new AgencyProfiles(benchDirectory, new PartnerDirectory(benchDirectory, []));

const leadCaseworker: Actor = { userId: 'user-jc-lead', displayName: 'Lea Lang', role: 'caseworker', ...JOBCENTER };
const youthCaseworker: Actor = { userId: 'user-yo-7', displayName: 'Yusuf Yel', role: 'caseworker', ...YOUTH_OFFICE };
const healthProfessional: Actor = {
  userId: 'user-hc-3',
  displayName: 'Hanna Heil',
  role: 'health_professional',
  ...HEALTH_CENTRE,
};

/**
 * The case under test, in one append: led by a jobcenter, a team of 3 (the lead caseworker, a
 * youth-office caseworker and a health professional), a consent for coordination to the youth
 * office (identity, case_admin, plan), a consent for health promotion naming the health professional,
 * and 3 health notes, one of them a secrecy holder's.
 */
const caseUnderTest = (): { caseId: string; consentIds: [string, string]; events: NewEvent[] } => {
  const caseId = randomUUID();
  const participantId = randomUUID();
  const consentIds: [string, string] = [randomUUID(), randomUUID()];
  const at = (day: number): string => new Date(Date.UTC(2026, 0, day, 9)).toISOString();
  const by = (actor: Actor) => ({ userId: actor.userId, agencyId: actor.agencyId });
  const member = (actor: Actor, day: number): NewEvent =>
    caseEvent<TeamMemberAdded>(
      'TeamMemberAdded',
      {
        caseId,
        userId: actor.userId,
        agencyId: actor.agencyId,
        role: actor.role,
        addedBy: leadCaseworker.userId,
        addedAt: at(day),
      },
      by(leadCaseworker),
      at(day),
    );
  const consent = (
    consentId: string,
    day: number,
    grant: Pick<
      ConsentGranted['data'],
      'purposes' | 'dataCategories' | 'recipientAgencyIds' | 'recipientUserIds' | 'validUntil'
    >,
  ): NewEvent =>
    caseEvent<ConsentGranted>(
      'ConsentGranted',
      {
        caseId,
        consentId,
        ...grant,
        form: 'written',
        grantedBy: 'participant',
        evidenceRef: `scan-${consentId.slice(0, 8)}`,
        recordedBy: leadCaseworker.userId,
        grantedAt: at(day),
      },
      by(leadCaseworker),
      at(day),
    );
  const note = (author: Actor, day: number, secrecy: boolean, text: string): NewEvent =>
    caseEvent<HealthNoteRecorded>(
      'HealthNoteRecorded',
      {
        caseId,
        noteId: randomUUID(),
        participantId,
        text,
        authorUserId: author.userId,
        authorAgencyId: author.agencyId,
        secrecy,
        recordedAt: at(day),
      },
      by(author),
      at(day),
    );
  return {
    caseId,
    consentIds,
    events: [
      caseEvent<CaseOpened>(
        'CaseOpened',
        {
          caseId,
          participantId,
          participant: { givenName: 'Mira', familyName: 'Sommer', birthDate: '1994-03-17' },
          leadAgencyId: JOBCENTER.agencyId,
          leadAgencyType: JOBCENTER.agencyType,
          openedBy: leadCaseworker.userId,
          openedByRole: leadCaseworker.role,
          openedAt: at(5),
        },
        by(leadCaseworker),
        at(5),
      ),
      member(youthCaseworker, 6),
      member(healthProfessional, 6),
      consent(consentIds[0], 7, {
        purposes: ['coordination', 'case_conference'],
        dataCategories: ['identity', 'case_admin', 'plan'],
        recipientAgencyIds: [YOUTH_OFFICE.agencyId],
        recipientUserIds: [],
        validUntil: '2027-12-31',
      }),
      consent(consentIds[1], 8, {
        purposes: ['health_promotion', 'rehabilitation'],
        dataCategories: ['identity', 'case_admin', 'health'],
        recipientAgencyIds: [],
        recipientUserIds: [healthProfessional.userId],
        validUntil: null,
      }),
      note(leadCaseworker, 10, false, 'Attends the addiction counselling on Tuesdays; no appointment missed.'),
      note(healthProfessional, 12, true, 'Diagnosis and medication as discussed; fit for 4 hours a day.'),
      note(leadCaseworker, 14, false, 'Asks for a part-time measure because of the treatment plan.'),
    ],
  };
};

/** Other cases, as the rebuild benchmark appends them, and on every fourth a consent and a health note. */
const otherCaseEvents = (n: number): { caseId: string; events: NewEvent[] } => {
  const { caseId, events } = caseEvents(n);
  if (n % 4 !== 0) return { caseId, events };
  const opened = events[0]?.data as CaseOpened['data'];
  const by = { userId: opened.openedBy, agencyId: opened.leadAgencyId };
  const at = opened.openedAt;
  return {
    caseId,
    events: [
      ...events,
      caseEvent<ConsentGranted>(
        'ConsentGranted',
        {
          caseId,
          consentId: randomUUID(),
          purposes: ['coordination'],
          dataCategories: ['identity', 'case_admin', 'plan'],
          recipientAgencyIds: [HEALTH_CENTRE.agencyId],
          recipientUserIds: [],
          validUntil: null,
          form: 'electronic',
          grantedBy: 'participant',
          evidenceRef: null,
          recordedBy: opened.openedBy,
          grantedAt: at,
        },
        by,
        at,
      ),
      caseEvent<HealthNoteRecorded>(
        'HealthNoteRecorded',
        {
          caseId,
          noteId: randomUUID(),
          participantId: opened.participantId,
          text: `Note ${n}: appointment kept, no change.`,
          authorUserId: opened.openedBy,
          authorAgencyId: opened.leadAgencyId,
          secrecy: false,
          recordedAt: at,
        },
        by,
        at,
      ),
    ],
  };
};

const fill = async (persistence: Persistence, cases: number): Promise<Throughput> => {
  let next = 0;
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: FILL_WRITERS }, async () => {
      while (next < cases) {
        const { caseId, events: batch } = otherCaseEvents(next);
        next += 1;
        events += batch.length;
        await persistence.events.appendToStream(caseStreamId(caseId), batch, 0);
      }
    }),
  );
  return throughput(events, performance.now() - started);
};

export interface CaseReadsFixture {
  readonly target: { readonly caseId: string; readonly consentIds: [string, string] };
  readonly filled: Throughput;
  readonly projected: { readonly events: number };
  readonly readModels: Record<string, number>;
}

/**
 * The case under test and 10,000 other cases appended through the persistence's event store,
 * projected with caseProjection, analysed and counted. Shared by policy-read and audit-read.
 */
export const prepareCaseReads = async (
  benchmark: string,
  persistence: Persistence,
  adminPool: Pool,
  schemaName: string,
): Promise<CaseReadsFixture> => {
  const s = quoteIdent(schemaName);
  const { dataSource } = persistence;
  const target = caseUnderTest();
  await persistence.events.appendToStream(caseStreamId(target.caseId), target.events, 0);
  progress(benchmark, `appending ${formatNumber(OTHER_CASES)} other cases`);
  const filled = await fill(persistence, OTHER_CASES);
  progress(benchmark, `appended at ${formatNumber(filled.perSecond)} events/s; projecting`);
  const runner = new ProjectionRunner({
    events: persistence.rawEvents,
    dataSource,
    projections: [caseProjection],
    writeLock: persistence.readModelLock,
  });
  const projected = await runner.rebuild();
  await adminPool.query(`ANALYZE ${s}.case_summaries, ${s}.case_team_members, ${s}.case_health_notes`);
  const { rows } = await adminPool.query<Record<string, string>>(
    `
      SELECT (SELECT count(*) FROM ${s}.case_summaries) AS summaries,
             (SELECT count(*) FROM ${s}.case_team_members) AS members,
             (SELECT count(*) FROM ${s}.case_consent_grants) AS grants,
             (SELECT count(*) FROM ${s}.case_health_notes) AS notes,
             (SELECT count(*) FROM ${s}.case_health_notes WHERE "caseId" = $1) AS target_notes`,
    [target.caseId],
  );
  const readModels = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
  const everyFourth = Math.ceil(OTHER_CASES / 4);
  const expected = {
    summaries: OTHER_CASES + 1,
    members: 2 * OTHER_CASES + 3,
    grants: everyFourth + 4,
    notes: everyFourth + 3,
    target_notes: 3,
  };
  if (Object.entries(expected).some(([k, v]) => readModels[k] !== v)) {
    throw new Error(`unexpected read models: ${JSON.stringify(readModels)}, expected ${JSON.stringify(expected)}`);
  }
  return { target, filled, projected, readModels };
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * GetCaseHandler with the policy switched off: the same reads in the same order, the identity and
 * the notes opened through the same vault, but no decision, no legal bases and no filtering. It
 * reads the sections the policy grants the scenario's caller, so both sides do the same I/O.
 */
export const readCaseWithoutPolicy = async (
  dataSource: DataSource,
  vault: PersonalDataVault,
  caseId: string,
  purpose: Purpose,
  sections: { readonly health: boolean },
): Promise<CaseView> => {
  const summary = await dataSource.getRepository(CaseSummary).findOneBy({ caseId });
  if (!summary) throw new CaseNotFoundError(caseId);
  const [opened] = await vault.open([summary.participantSealed]);
  const team = await dataSource.getRepository(CaseTeamMember).find({ where: { caseId }, order: { addedAt: 'ASC' } });
  const view: Mutable<CaseView> = {
    id: summary.caseId,
    version: summary.version,
    withheld: [],
    restricted: [],
    accuracyDisputed: null,
    access: { purpose, legalBasis: {}, recordable: [], mayRefer: false },
    participant: (opened?.['participant'] as ParticipantIdentity | undefined) ?? ERASED,
    caseAdmin: {
      leadAgencyId: summary.leadAgencyId,
      status: summary.status,
      exitReason: summary.exitReason ?? null,
      followUps: summary.followUps ?? [],
      team: team.map(({ userId, agencyId, role, addedAt }) => ({ userId, agencyId, role, addedAt })),
      withheldTeamMembers: 0,
      openedAt: summary.openedAt,
      firstContactAt: summary.firstContactAt ?? null,
      updatedAt: summary.updatedAt,
    },
  };
  if (sections.health) {
    const rows = await dataSource
      .getRepository(HealthNoteRow)
      .find({ where: { caseId }, order: { recordedAt: 'ASC' } });
    const texts = await vault.open(rows.map((n) => n.textSealed));
    view.health = {
      notes: rows.map((n, i) => ({
        id: n.noteId,
        text: (texts[i]?.['text'] as string | undefined) ?? ERASED,
        author: { userId: n.authorUserId, agencyId: n.authorAgencyId },
        secrecy: n.secrecy,
        recordedAt: n.recordedAt,
      })),
      withheldNotes: 0,
    };
  }
  return view;
};

export interface Scenario {
  readonly key: 'consent' | 'health';
  readonly label: string;
  readonly context: RequestContext;
  readonly health: boolean;
  /** Throws unless the policy's answer is the one docs/access-policy.md gives this caller. */
  readonly check: (view: CaseView) => void;
}

const contextFor = (actor: Actor, purpose: Purpose): RequestContext => ({
  actor,
  purpose,
  requestId: randomUUID(),
  correlationId: null,
  now: NOW,
});

const assertView = (ok: boolean, what: string, view: CaseView): void => {
  if (!ok) throw new Error(`policy-read: ${what}; got ${JSON.stringify(view)}`);
};

const expectIdentity = (view: CaseView): void =>
  assertView(
    view.participant !== undefined && !isErased(view.participant) && view.participant.givenName === 'Mira',
    'the identity should be opened',
    view,
  );

export const scenarios = (consentIds: readonly [string, string]): [Scenario, Scenario] => [
  {
    key: 'consent',
    label: 'youth-office caseworker, coordination, under consent',
    context: contextFor(youthCaseworker, 'coordination'),
    health: false,
    check: (view) => {
      expectIdentity(view);
      // The health centre's professional on the team is health data, which coordination does not need.
      assertView(
        view.caseAdmin?.team.length === 2 && view.caseAdmin.withheldTeamMembers === 1,
        'the team of 3 should be shown without the health professional',
        view,
      );
      assertView(view.health === undefined && view.withheld.includes('health'), 'health should be withheld', view);
      assertView(
        view.access.legalBasis.identity === `consent:${consentIds[0]}` &&
          view.access.legalBasis.plan === `consent:${consentIds[0]}` &&
          view.access.legalBasis.contacts === undefined,
        'identity, case_admin and plan should come from the coordination consent, nothing else',
        view,
      );
    },
  },
  {
    key: 'health',
    label: 'lead-team caseworker, health_promotion',
    context: contextFor(leadCaseworker, 'health_promotion'),
    health: true,
    check: (view) => {
      expectIdentity(view);
      assertView(view.access.legalBasis.health === 'team', 'health should be granted by the team rule', view);
      assertView(
        view.health?.notes.length === 2 &&
          view.health.withheldNotes === 1 &&
          view.health.notes.every((n) => !n.secrecy),
        "the secrecy holder's note should be withheld, the other two shown",
        view,
      );
    },
  },
];

type Side = 'Baseline' | 'Policy';
type ContenderKey = `${Scenario['key']}${Side}${1 | typeof CONCURRENT}`;

/**
 * One case read through GetCaseHandler (policy, field filtering, legal bases) against the same reads
 * without the policy, for two callers, one request at a time and 8 at once, among 10,000 other cases.
 */
export const policyReadBenchmark: Benchmark = {
  name: 'policy-read',
  description:
    'Reads/s of GetCaseHandler.execute (summary, decideCaseAccess, field filtering, identity opened, team, health ' +
    'notes opened and filtered) against readCaseWithoutPolicy (the same TypeORM reads and vault.open calls, no ' +
    'policy, no filtering), one request at a time and 8 concurrent, for a youth-office caseworker reading under a ' +
    'consent and for a lead-team caseworker reading the health section; 10,000 other cases.',
  async run({ adminPool, url }) {
    const schema = await createBenchSchema(adminPool, 'policy_read');
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
      const { dataSource, vault } = persistence;

      const { target, filled, projected, readModels } = await prepareCaseReads(
        'policy-read',
        persistence,
        adminPool,
        schema.name,
      );

      const handler = new GetCaseHandler(dataSource, vault, noAudit(), BENCH_AGENCY_PROFILES);
      const [consentReader, healthReader] = scenarios(target.consentIds);
      const withPolicy = (scenario: Scenario) => () =>
        handler.execute(new GetCaseQuery(target.caseId, scenario.context));
      const withoutPolicy = (scenario: Scenario) => () =>
        readCaseWithoutPolicy(dataSource, vault, target.caseId, scenario.context.purpose, scenario);
      const views: Record<string, CaseView> = {};
      for (const scenario of [consentReader, healthReader]) {
        const view = await withPolicy(scenario)();
        scenario.check(view);
        const bare = await withoutPolicy(scenario)();
        assertView(
          bare.caseAdmin?.team.length === 3 && bare.health?.notes.length === (scenario.health ? 3 : undefined),
          'the baseline should read the same sections, unfiltered',
          bare,
        );
        views[scenario.key] = view;
      }

      const operations = {} as Record<ContenderKey, { writers: number; read: () => Promise<CaseView> }>;
      for (const scenario of [consentReader, healthReader]) {
        for (const writers of [1, CONCURRENT] as const) {
          operations[`${scenario.key}Baseline${writers}`] = { writers, read: withoutPolicy(scenario) };
          operations[`${scenario.key}Policy${writers}`] = { writers, read: withPolicy(scenario) };
        }
      }
      const names = Object.keys(operations) as ContenderKey[];
      const contenders = Object.fromEntries(
        names.map((name) => [name, () => runConcurrently(operations[name].writers, ROUND_MS, operations[name].read)]),
      ) as Record<ContenderKey, () => Promise<Throughput>>;
      progress('policy-read', `warming up each contender for ${WARMUP_MS} ms`);
      const warmup = {} as Record<ContenderKey, Throughput>;
      for (const name of names) {
        warmup[name] = await runConcurrently(operations[name].writers, WARMUP_MS, operations[name].read);
      }
      const rounds = await alternate(ROUNDS, contenders, (round, name, result) =>
        progress('policy-read', `round ${round} ${name}: ${formatNumber(result.perSecond)}/s`),
      );

      const medians = Object.fromEntries(
        Object.entries(rounds).map(([name, results]) => [name, median(results.map((r) => r.perSecond))]),
      ) as Record<ContenderKey, number>;
      const pairs = [consentReader, healthReader].flatMap((scenario) =>
        ([1, CONCURRENT] as const).map((writers) => ({
          scenario,
          writers,
          policy: `${scenario.key}Policy${writers}` as const,
          baseline: `${scenario.key}Baseline${writers}` as const,
        })),
      );
      const ratios = pairs.map((p) => ({ ...p, ratio: medianRatio(rounds[p.policy], rounds[p.baseline]) }));
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
          caseUnderTest:
            'lead jobcenter; team of 3 (jobcenter caseworker, youth-office caseworker, health professional); ' +
            'consents: coordination+case_conference to the youth office (identity, case_admin, plan), ' +
            'health_promotion+rehabilitation to the health professional (identity, case_admin, health); ' +
            "3 health notes, one a secrecy holder's",
          scenarios: {
            consent: { caller: consentReader.context.actor, purpose: consentReader.context.purpose },
            health: { caller: healthReader.context.actor, purpose: healthReader.context.purpose },
          },
          baseline:
            'readCaseWithoutPolicy (bench/policy-read.bench.ts): findOneBy(CaseSummary), vault.open(identity), ' +
            'find(CaseTeamMember), and for the health scenario find(HealthNoteRow) + vault.open(all notes)',
        },
        results: {
          medianPerSecond: medians,
          ratios: Object.fromEntries(ratios.map((r) => [`${r.scenario.key}${r.writers}`, r.ratio])),
          roundRatios: Object.fromEntries(
            ratios.map((r) => [`${r.scenario.key}${r.writers}`, roundRatios(rounds[r.policy], rounds[r.baseline])]),
          ),
          rounds,
          warmup,
          fill: { cases: OTHER_CASES + 1, append: filled, projectedEvents: projected.events },
          readModels,
          views,
        },
        targets: ratios.map((r) =>
          atLeast(
            `policy-read ${r.scenario.key} ${how(r.writers)} policy/baseline`,
            r.ratio,
            TARGET,
            `policy-read (${r.scenario.label}, ${how(r.writers)}): policy ${formatNumber(medians[r.policy])}/s, ` +
              `baseline ${formatNumber(medians[r.baseline])}/s`,
          ),
        ),
        tables: [
          {
            title: `policy-read: reads/s of one case, ${ROUND_MS / 1000} s rounds, ${formatNumber(OTHER_CASES)} other cases`,
            headers: ['', ...rounds.consentPolicy1.map((_, i) => `round ${i + 1}`), 'median'],
            rows: ratios.flatMap((r) => {
              const label = `${r.scenario.key}, ${how(r.writers)}`;
              return [
                [`${label}: baseline /s`, ...perRound(r.baseline), formatNumber(medians[r.baseline])],
                [`${label}: policy /s`, ...perRound(r.policy), formatNumber(medians[r.policy])],
                [
                  `${label}: policy / baseline`,
                  ...roundRatios(rounds[r.policy], rounds[r.baseline]).map((x) => x.toFixed(2)),
                  r.ratio.toFixed(2),
                ],
              ];
            }),
          },
        ],
      };
    } finally {
      await persistence?.close();
      await schema.drop();
    }
  },
};
