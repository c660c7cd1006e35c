import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '../../../../deploy/kafka/kafka.sh');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/**
 * A Kafka broker of one test's own (deploy/kafka/kafka.sh on free ports and a temporary data dir),
 * so the test may stop it without touching the shared broker on 9092. Its data survive a stop.
 */
export class OwnKafkaBroker {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  static async start(label: string): Promise<OwnKafkaBroker> {
    const port = await freePort();
    const controller = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `fallverbund-kafka-${label}-`));
    const broker = new OwnKafkaBroker(
      {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(controller),
        KAFKA_DATA: dataDir,
        KAFKA_HEAP: '384m',
      },
      port,
      dataDir,
    );
    await broker.resume();
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Starts the broker (again) and waits until it accepts connections. */
  async resume(): Promise<void> {
    await run('bash', [SCRIPT, 'start'], { env: this.env });
    await run('bash', [SCRIPT, 'wait'], { env: this.env });
  }

  /** SIGTERM to this broker's JVM (by its own pid file), SIGKILL after 30 s. */
  async stop(): Promise<void> {
    await run('bash', [SCRIPT, 'stop'], { env: this.env });
  }

  async remove(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
