// The API over HTTP for the benchmarks: started in a child process of its own, with cases opened
// through it, and what the load runs share (bench/http.bench.ts, bench/replicas.bench.ts).
import { join } from 'node:path';
import type { HttpServerReply, HttpServerRequest } from '../http-server.child';
import { progress } from './benchmark';
import { Child } from './child';

/** The API in a child process (http-server.child.ts), a demo user's headers and the cases opened through it. */
export interface RunningApi {
  readonly base: string;
  readonly headers: Record<string, string>;
  readonly caseIds: readonly string[];
  close(): Promise<void>;
}

/** One JSON request; the answer's status and parsed body. */
export const call = async (
  base: string,
  spec: { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: object },
) => {
  const response = await fetch(`${base}${spec.path}`, {
    method: spec.method,
    headers: { 'content-type': 'application/json', ...spec.headers },
    ...(spec.body ? { body: JSON.stringify(spec.body) } : {}),
  });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body };
};

/**
 * Starts the API in a child process (configuration from `env`, as apps/api/src/main.ts reads it),
 * signs anna.coach in with a dev token and opens `cases` cases through it, `seedWriters` at a time.
 */
export const startApi = async (
  label: string,
  env: NodeJS.ProcessEnv,
  { benchmark, cases, seedWriters }: { benchmark: string; cases: number; seedWriters: number },
): Promise<RunningApi> => {
  // BENCH_HTTP_CPU_PROF=<dir> writes a V8 CPU profile of the API process there (for finding where its time goes);
  // BENCH_HTTP_NODE_ARGS gives the API process further Node options, e.g. "--trace-gc" (its output joins the bench's).
  const profile = process.env['BENCH_HTTP_CPU_PROF'];
  const nodeOptions = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ...(process.env['BENCH_HTTP_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
  ];
  const server = new Child<HttpServerRequest, HttpServerReply>(join(__dirname, '..', 'http-server.child.ts'), {
    env,
    nodeOptions,
  });
  try {
    const { port } = await server.request({ op: 'start' });
    const base = `http://127.0.0.1:${port}`;
    const token = await call(base, { method: 'POST', path: '/api/dev/token', body: { userId: 'anna.coach' } });
    if (token.status !== 201) throw new Error(`dev token: ${token.status} ${JSON.stringify(token.body)}`);
    const headers = {
      authorization: `Bearer ${String(token.body['accessToken'])}`,
      'x-purpose': 'integration',
      'content-type': 'application/json',
    };
    const caseIds: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: seedWriters }, async () => {
        while (next < cases) {
          const n = next;
          next += 1;
          const opened = await call(base, {
            method: 'POST',
            path: '/api/cases',
            headers,
            body: { participant: { givenName: `Mara${n}`, familyName: 'Beispiel', birthDate: '1990-04-01' } },
          });
          if (opened.status !== 201) throw new Error(`open case: ${opened.status} ${JSON.stringify(opened.body)}`);
          caseIds.push(String(opened.body['id']));
        }
      }),
    );
    progress(benchmark, `${label}: API on ${base}, ${caseIds.length} cases opened through it`);
    return {
      base,
      headers,
      caseIds,
      close: async () => {
        await server.request({ op: 'stop' });
        await server.close();
      },
    };
  } catch (error) {
    await server.close(1_000);
    throw error;
  }
};

/** Client i of n takes every n-th case from i on, so no two clients write to one stream. */
export const shareOf = (caseIds: readonly string[], client: number, clients: number): string[] =>
  caseIds.filter((_, k) => k % clients === client);

export const cycle = <T>(items: readonly T[]): (() => T) => {
  let k = 0;
  return () => {
    const item = items[k % items.length] as T;
    k += 1;
    return item;
  };
};

/** Contacts the bench sent to let the read models catch up (see settle), per API. */
export const settleContacts = new WeakMap<RunningApi, number>();

/**
 * Commands answer before the read models apply them, so a command run leaves the projections a
 * backlog that would otherwise be worked off during the next contender's run. One more contact, and
 * a read that carries its log position (the API waits until the read models reach it, up to 5 s),
 * ends the command run only once they have caught up.
 */
export const settle = async (api: RunningApi, body: string): Promise<void> => {
  const caseId = api.caseIds[0];
  if (!caseId) return;
  const response = await fetch(`${api.base}/api/cases/${caseId}/contacts`, {
    method: 'POST',
    headers: api.headers,
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`settle: contact answered ${response.status}`);
  settleContacts.set(api, (settleContacts.get(api) ?? 0) + 1);
  const position = response.headers.get('fallverbund-log-position');
  if (!position) return; // an API that waits for its projections before it answers
  const read = await fetch(`${api.base}/api/cases/${caseId}`, {
    headers: { ...api.headers, 'fallverbund-log-position': position },
  });
  await read.arrayBuffer();
};
