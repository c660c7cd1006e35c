import { randomUUID } from 'node:crypto';
import { CaseSummary } from '../cases/case-read-model.entities';
import { type Persistence } from '../persistence/persistence';
import { bulkWrite } from './bulk-write';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';

const summary = (overrides: Partial<CaseSummary> = {}): CaseSummary => ({
  caseId: randomUUID(),
  participantId: randomUUID(),
  participantSealed: null,
  participantErased: false,
  leadAgencyId: 'jobcenter-mitte',
  leadAgencyType: 'jobcenter',
  status: 'active',
  exitReason: null,
  followUps: [],
  access: {
    team: [{ userId: 'anna "the coach"', agencyId: 'jobcenter-mitte\\süd', role: 'caseworker' }],
    consents: [],
    childProtectionDeclarations: [],
  },
  openedAt: '2026-12-05T10:00:00.000Z',
  firstContactAt: '2026-12-01T09:30:00.000Z',
  updatedAt: '2026-12-05T10:00:00.000Z',
  version: 1,
  ...overrides,
});

describe.each(PERSISTENCE_PROFILES)('bulkWrite (%s)', (profile) => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ persistence, close: cleanup } = await openTestPersistence(profile, 'bulkwrite', { poolSize: 2 }));
  });
  afterEach(() => cleanup());

  const read = (caseId: string) => persistence.dataSource.getRepository(CaseSummary).findOneByOrFail({ caseId });

  it('stores every column as TypeORM reads it back, simple-json as the text JSON.stringify gives', async () => {
    const rows = [summary(), summary({ exitReason: 'goal_reached', status: 'closed', followUps: ['2027-01-01'] })];
    await bulkWrite(persistence.dataSource.manager, CaseSummary, rows, 'update');

    for (const row of rows) expect(await read(row.caseId)).toEqual(row);
    // The column's text as stored (a raw read does not parse simple-json).
    const stored = await persistence.dataSource
      .getRepository(CaseSummary)
      .createQueryBuilder('s')
      .select('s.access', 'access')
      .where('s.caseId = :caseId', { caseId: rows[0]?.caseId })
      .getRawOne<{ access: string }>();
    expect(stored?.access).toBe(JSON.stringify(rows[0]?.access));
  });

  it('keeps the quotes of a bare string in a simple-json column', async () => {
    const row = summary({ followUps: 'a "bare" string' as unknown as string[] });
    await bulkWrite(persistence.dataSource.manager, CaseSummary, [row], 'update');

    expect((await read(row.caseId)).followUps).toBe('a "bare" string');
  });

  it('overwrites all but the key on update, keeps the first row on ignore', async () => {
    const row = summary();
    await bulkWrite(persistence.dataSource.manager, CaseSummary, [row], 'update');
    await bulkWrite(
      persistence.dataSource.manager,
      CaseSummary,
      [{ ...row, status: 'aftercare', version: 2 }],
      'update',
    );
    await bulkWrite(persistence.dataSource.manager, CaseSummary, [{ ...row, status: 'closed', version: 3 }], 'ignore');

    expect(await read(row.caseId)).toMatchObject({ status: 'aftercare', version: 2 });
  });
});
