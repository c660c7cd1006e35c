import { formatPosition } from '@fallverbund/event-store';
import { parentPort, workerData } from 'node:worker_threads';
import { openPersistence } from '../persistence/persistence';
import { type PersistenceConfig } from '../persistence/persistence.config';
import { ProjectionRunner, type ProjectionWorkerMessage } from './projection-runner';

/**
 * The projections of one API process, in a worker thread of their own (ProjectionRunner's `worker`
 * option): its own connections, its own event loop, so that applying a page never waits behind the
 * requests the main thread answers. It tells the main thread every position it reaches; `stop` ends it.
 * It runs the process's audit sequencer too, for the same reason.
 */
const run = async (): Promise<void> => {
  const port = parentPort;
  if (!port) throw new Error('projection-worker runs only as a worker thread');
  const send = (message: ProjectionWorkerMessage): void => port.postMessage(message);
  const given = (workerData as { config: PersistenceConfig }).config;
  // Buffers arrive as plain Uint8Arrays.
  const config: PersistenceConfig = {
    ...given,
    masterKey: Buffer.from(given.masterKey),
    ...(given.searchIndexKey ? { searchIndexKey: Buffer.from(given.searchIndexKey) } : {}),
    ...(given.kind === 'postgres' ? { poolSize: Math.min(given.poolSize, 4) } : {}),
  };
  // This thread also integrates the process's audit entries (its main thread runs no sequencer).
  const persistence = await openPersistence(config, {
    auditSequencer: true,
    migrations: 'skip',
    onAuditSequencerError: (error) =>
      send({ type: 'error', message: `audit sequencer: ${error instanceof Error ? error.message : String(error)}` }),
  });
  const runner = new ProjectionRunner({
    events: persistence.rawEvents,
    dataSource: persistence.dataSource,
    projections: persistence.projections,
    writeLock: persistence.readModelLock,
    onPositions: (positions) =>
      send({ type: 'positions', positions: [...positions].map(([name, at]) => [name, formatPosition(at)] as const) }),
    onError: (error) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  });
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return;
    void (async () => {
      await runner.stop();
      await persistence.close();
      send({ type: 'stopped' });
      port.close();
    })();
  });
  runner.start();
};

run().catch((error: unknown) => {
  parentPort?.postMessage({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
  } satisfies ProjectionWorkerMessage);
  process.exitCode = 1;
});
