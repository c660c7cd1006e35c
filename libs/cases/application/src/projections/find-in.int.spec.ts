import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { CaseSummary } from '../cases/case-read-model.entities';
import { CaseSnapshot } from '../cases/case-snapshots';
import { type Persistence } from '../persistence/persistence';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';
import { caseSummaryRow as summary } from './testing/case-summary-row';
import { bulkWrite } from './bulk-write';
import { findIn } from './find-in';

describe.each(PERSISTENCE_PROFILES)('findIn (%s)', (profile) => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ persistence, close: cleanup } = await openTestPersistence(profile, 'findin', { poolSize: 2 }));
  });
  afterEach(() => cleanup());

  it('gives the rows of the ids asked for as the repository does: entities, every column typed', async () => {
    const rows = [
      summary(),
      summary({
        participantSealed: { iv: 'a', tag: 'b', ct: 'c' } as unknown as CaseSummary['participantSealed'],
        participantErased: true,
        status: 'closed',
        exitReason: 'goal_reached',
        followUps: ['2027-01-01'],
        firstContactAt: '2026-12-01T09:30:00.000Z',
        version: 12,
      }),
      summary(),
    ];
    const { manager } = persistence.dataSource;
    await bulkWrite(manager, CaseSummary, rows, 'fail');
    const asked = [rows[0]!.caseId, rows[1]!.caseId, randomUUID()];

    const found = await findIn(manager, CaseSummary, 'caseId', asked);

    const byRepository = await manager.findBy(CaseSummary, { caseId: In(asked) });
    const sorted = (list: CaseSummary[]) => [...list].sort((a, b) => a.caseId.localeCompare(b.caseId));
    expect(sorted(found)).toEqual(sorted(byRepository));
    expect(sorted(found)).toEqual(sorted([rows[0]!, rows[1]!]));
    for (const row of found) expect(row).toBeInstanceOf(CaseSummary);
    expect(await findIn(manager, CaseSummary, 'caseId', [])).toEqual([]);
  });

  it('finds by a property whose column is named otherwise', async () => {
    const snapshot = Object.assign(new CaseSnapshot(), {
      streamId: `case-${randomUUID()}`,
      version: 7,
      stateFormat: 2,
      state: '{"x":1}',
      takenAt: '2026-12-05T10:00:00.000Z',
    });
    const { manager } = persistence.dataSource;
    await manager.save(snapshot);

    const found = await findIn(manager, CaseSnapshot, 'streamId', [snapshot.streamId]);

    expect(found).toEqual([snapshot]);
    expect(found[0]).toBeInstanceOf(CaseSnapshot);
  });
});
