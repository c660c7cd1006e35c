import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../session/session-store';
import { ApiProblem } from './problem';
import type { components, paths } from './schema.gen';

/** Schemas of the API by name, e.g. `Schema<'CaseListItemDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * Sets `Authorization` from the in-memory session and `X-Purpose` from the declared purpose on a request
 * (unless it sets its own; never for a participant, who declares none).
 */
export function withSession(request: Request): Request {
  const { token, purpose, user } = session.get();
  if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
  // A participant declares no purpose: their own reads are the data subject's (api/me routes).
  if (purpose && user?.role !== 'participant' && !request.headers.has('X-Purpose'))
    request.headers.set('X-Purpose', purpose);
  return request;
}

/**
 * The session on every call (withSession), and every error answer turned into an ApiProblem; a 401 ends
 * the session.
 */
export const sessionMiddleware = {
  onRequest: ({ request }) => withSession(request),
  onResponse: async ({ response }) => {
    if (response.ok) return response;
    // A token the API no longer accepts ends the session: the sign-in page comes back.
    if (response.status === 401 && session.get().token) session.set({});
    throw await ApiProblem.from(response);
  },
} satisfies Middleware;

/** The API's read-your-writes header: a command's answer names its log position, reads send it back. */
export const LOG_POSITION_HEADER = 'Fallverbund-Log-Position';

const positionOf = (text: string): readonly [bigint, bigint] | undefined => {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  return match ? [BigInt(match[1] ?? 0), BigInt(match[2] ?? 0)] : undefined;
};

/**
 * Keeps the newest log position any answer named and sends it with every later request, so a list
 * read after a command already shows the command's effect (the API waits for its read models).
 */
export const logPositionMiddleware = () => {
  let newest: { text: string; at: readonly [bigint, bigint] } | undefined;
  const stamp = (request: Request): Request => {
    if (newest && !request.headers.has(LOG_POSITION_HEADER)) request.headers.set(LOG_POSITION_HEADER, newest.text);
    return request;
  };
  return {
    stamp,
    onRequest: ({ request }) => stamp(request),
    onResponse: ({ response }) => {
      const text = response.headers.get(LOG_POSITION_HEADER);
      const at = text === null ? undefined : positionOf(text);
      if (text !== null && at && (!newest || at[0] > newest.at[0] || (at[0] === newest.at[0] && at[1] > newest.at[1])))
        newest = { text, at };
      return response;
    },
  } satisfies Middleware & { stamp: (request: Request) => Request };
};

export const createApiClient = (fetchImpl?: typeof fetch) => {
  const position = logPositionMiddleware();
  const send = fetchImpl ?? ((request: Request) => globalThis.fetch(request));
  const client = createClient<paths>({
    baseUrl: globalThis.location?.origin ?? 'http://127.0.0.1',
    // The headers are set in the call's own turn: openapi-fetch awaits every onRequest middleware, and
    // each await let work queued before it (a render of the navigation's state) run before the request
    // was sent (`npm run bench -- web-case-page`). The middlewares only read the answers.
    fetch: (request) => send(position.stamp(withSession(request))),
  });
  client.use({ onResponse: sessionMiddleware.onResponse }, { onResponse: position.onResponse });
  return client;
};

/** The one client every screen uses: `api.GET('/api/cases', { params: { query } })`. */
export const api = createApiClient();
