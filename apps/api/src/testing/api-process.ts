import { freePort, ServiceProcess } from '@fallverbund/testing';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

  /**
   * Starts the API and resolves once it answers (60 s at most). A port taken between the choice and
   * the listen (another test's process) is tried again on another port, three times at most.
   */
  static async start(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
    for (let attempt = 1; ; attempt += 1) {
      const api = new ApiProcess(env, await freePort());
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (!api.running) {
          if (attempt < 3 && api.output.some((line) => line.includes('EADDRINUSE'))) break;
          throw new Error(`the API exited: ${api.output.join('\n')}`);
        }
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
