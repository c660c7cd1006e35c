import { openPersistence, type PersistenceConfig } from '@fallverbund/cases-application';
import type { RecordedEvent } from '@fallverbund/event-store';
import { sleep } from '@fallverbund/testing';

/**
 * The log as its readers see it once it shows every acknowledged case. `readAll` shows an event only when
 * every older transaction in the cluster has ended (so a reader never skips one that commits later): while
 * any transaction is open — another instance's projection, a relay, another suite on the same server — the
 * newest commits stay hidden for a moment. Reads again until the prefix holds all of `acknowledged` (or
 * 30 s pass); what it then holds is what the assertions check: a case missing for good still fails.
 */
export const readLog = async (
  persistence: PersistenceConfig,
  acknowledged: Iterable<string>,
): Promise<RecordedEvent[]> => {
  const wanted = [...acknowledged];
  const state = await openPersistence(persistence);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const events = await state.events.readAll({ limit: 1_000_000 });
      const opened = new Set(
        events.filter((e) => e.type === 'CaseOpened').map((e) => (e.data as { caseId: string }).caseId),
      );
      if (wanted.every((id) => opened.has(id)) || Date.now() > deadline) return events;
      await sleep(200);
    }
  } finally {
    await state.close();
  }
};
