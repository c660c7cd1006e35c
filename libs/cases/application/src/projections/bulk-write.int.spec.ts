import { CaseSummary } from '../cases/case-read-model.entities';
import { type Persistence } from '../persistence/persistence';
import { bulkInsert, bulkWrite } from './bulk-write';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';
import { caseSummaryRow as summary } from './testing/case-summary-row';

describe.each(PERSISTENCE_PROFILES)('bulk writes (%s)', (profile) => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ persistence, close: cleanup } = await openTestPersistence(profile, 'bulkwrite', { poolSize: 2 }));
  });
  afterEach(() => cleanup());

  describe('bulkWrite', () => {
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
      await bulkWrite(
        persistence.dataSource.manager,
        CaseSummary,
        [{ ...row, status: 'closed', version: 3 }],
        'ignore',
      );

      expect(await read(row.caseId)).toMatchObject({ status: 'aftercare', version: 2 });
    });
  });

  describe('bulkInsert', () => {
    const summaries = () => persistence.dataSource.getRepository(CaseSummary);
    const inTransaction = (rows: CaseSummary[]) =>
      persistence.dataSource.transaction((manager) => bulkInsert(manager, CaseSummary, rows));

    it('stores every column as bulkWrite does, with tabs, line breaks and backslashes, in a transaction or not', async () => {
      const odd = 'tab\there, back\\slash, new\nline, return\r, "quoted", ä\\N';
      const rows = [
        summary({ leadAgencyId: odd, exitReason: '\\.', status: 'closed', followUps: [odd] }),
        summary({ followUps: 'a "bare" string' as unknown as string[], participantErased: true, version: 7 }),
      ];
      const [first, second] = rows as [CaseSummary, CaseSummary];
      await inTransaction([first]);
      await bulkInsert(persistence.dataSource.manager, CaseSummary, [second]);
      const written = summary();
      await bulkWrite(persistence.dataSource.manager, CaseSummary, [written], 'update');

      for (const row of [...rows, written])
        expect(await summaries().findOneByOrFail({ caseId: row.caseId })).toEqual(row);
      const raw = async (caseId: string) =>
        summaries()
          .createQueryBuilder('s')
          .select('s.access', 'access')
          .addSelect('s.leadAgencyId', 'agency')
          .where('s.caseId = :caseId', { caseId })
          .getRawOne<{ access: string; agency: string }>();
      // The stored text is the same as bulkWrite's: the JSON of the nested object, the string as it was.
      expect((await raw(first.caseId))?.access).toBe((await raw(written.caseId))?.access);
      expect((await raw(first.caseId))?.agency).toBe(odd);
    });

    it('fails on a key that is stored already and keeps nothing of that statement', async () => {
      const stored = summary();
      await inTransaction([stored]);
      const other = summary();

      await expect(inTransaction([other, { ...stored, status: 'closed' }])).rejects.toThrow();

      expect(await summaries().count()).toBe(1);
      expect(await summaries().findOneByOrFail({ caseId: stored.caseId })).toEqual(stored);
    });

    it('writes more rows than one chunk holds, each once', async () => {
      const rows = Array.from({ length: 600 }, (_, i) => summary({ version: i }));
      await inTransaction(rows);

      const stored = await summaries().find({ order: { version: 'ASC' } });
      expect(stored.map((row) => row.caseId)).toEqual(rows.map((row) => row.caseId));
    });
  });
});
