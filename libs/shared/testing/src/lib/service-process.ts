import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../../..');

/**
 * One of the repository's entry points (`node -r @swc-node/register <entry>`) as its own process,
 * output kept for the test's messages and for waiting on its log lines.
 */
export class ServiceProcess {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  protected readonly child: ChildProcess;

  constructor(entry: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
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

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves true with the first JSON log line `matches` accepts; false after `timeoutMs` or when the process ends. */
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
      if (Date.now() > deadline || !this.running) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL: no shutdown hook runs, requests in flight are cut off. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Sends SIGTERM and resolves with how the process ended (SIGKILL after `timeoutMs`). */
  async terminate(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const ended = await this.exited;
    clearTimeout(timer);
    return ended;
  }
}
