import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../..');

/** apps/relay as its own process (`node -r @swc-node/register apps/relay/src/main.ts`), output kept. */
export class RelayProcess {
  private readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly output: string[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/relay/src/main.ts'], {
      cwd: REPO,
      env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.output.length > 2000) this.output.splice(0, this.output.length - 2000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the first JSON log line `matches` accepts (false after `timeoutMs` or when the process ends). */
  async waitForLog(matches: (line: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      const lines = this.output.slice(seen);
      seen = this.output.length;
      for (const line of lines) {
        try {
          if (matches(JSON.parse(line) as Record<string, unknown>)) return true;
        } catch {
          // not a JSON log line
        }
      }
      if (Date.now() > deadline || this.child.exitCode !== null || this.child.signalCode !== null) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGKILL: no shutdown hook runs, the page in flight is lost, the checkpoint stays where it was. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the relay finishes its page, gives up its lock and exits. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}
