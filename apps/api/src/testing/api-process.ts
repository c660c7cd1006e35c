import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../..');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
      if (this.output.length > 1000) this.output.splice(0, this.output.length - 1000);
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
      await sleep(50);
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

/**
 * apps/api as its own process (apps/api/src/main.ts, the production bootstrap), on a loopback port of
 * its own.
 */
export class ApiProcess extends ServiceProcess {
  readonly base: string;

  private constructor(env: NodeJS.ProcessEnv, port: number) {
    super('apps/api/src/main.ts', { LOG_LEVEL: 'warn', ...env, PORT: String(port) });
    this.base = `http://127.0.0.1:${port}`;
  }

  /** Starts the API and resolves once it answers (60 s at most). */
  static async start(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
    const api = new ApiProcess(env, 20_000 + Math.floor(Math.random() * 20_000));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (!api.running) throw new Error(`the API exited: ${api.output.join('\n')}`);
      if (Date.now() > deadline) {
        await api.kill();
        throw new Error(`the API did not start: ${api.output.join('\n')}`);
      }
      const up = await fetch(`${api.base}/api/docs-json`)
        .then(async (r) => {
          await r.arrayBuffer();
          return r.ok;
        })
        .catch(() => false);
      if (up) return api;
      await sleep(200);
    }
  }

  /** A dev token of a demo user (embedded profile; valid on this process only). */
  async token(userId: string): Promise<string> {
    const response = await fetch(`${this.base}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    if (response.status !== 201) throw new Error(`dev token: ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
}
