import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../..');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * apps/api as its own process (`node -r @swc-node/register apps/api/src/main.ts`, the production
 * bootstrap), on a loopback port of its own, output kept for the test's messages.
 */
export class ApiProcess {
  readonly base: string;
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  private constructor(env: NodeJS.ProcessEnv, port: number) {
    this.base = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: REPO,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.output.length > 500) this.output.splice(0, this.output.length - 500);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the API and resolves once it answers (60 s at most). */
  static async start(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
    const api = new ApiProcess(env, 20_000 + Math.floor(Math.random() * 20_000));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (api.child.exitCode !== null) throw new Error(`the API exited: ${api.output.join('\n')}`);
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

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
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

  /** A dev token of a demo user (embedded profile). */
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
