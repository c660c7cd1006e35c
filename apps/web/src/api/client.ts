import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../session/session-store';
import { ApiProblem } from './problem';
import type { components, paths } from './schema.gen';

/** Schemas of the API by name, e.g. `Schema<'CaseListItemDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * Sets `Authorization` from the in-memory session and `X-Purpose` from the declared purpose on every
 * call (unless the call sets its own; never for a participant, who declares none), and turns every error answer into an ApiProblem; a 401 ends
 * the session.
 */
export const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    const { token, purpose, user } = session.get();
    if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
    // A participant declares no purpose: their own reads are the data subject's (api/me routes).
    if (purpose && user?.role !== 'participant' && !request.headers.has('X-Purpose'))
      request.headers.set('X-Purpose', purpose);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    // A token the API no longer accepts ends the session: the sign-in page comes back.
    if (response.status === 401 && session.get().token) session.set({});
    throw await ApiProblem.from(response);
  },
};

export const createApiClient = (fetchImpl?: typeof fetch) => {
  const client = createClient<paths>({
    baseUrl: globalThis.location?.origin ?? 'http://127.0.0.1',
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  client.use(sessionMiddleware);
  return client;
};

/** The one client every screen uses: `api.GET('/api/cases', { params: { query } })`. */
export const api = createApiClient();
