import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../i18n/i18n';
import { createQueryClient } from '../query/query-client';

/** A request the fake API received: method, path with query, and the JSON body (if any). */
export interface Received {
  readonly method: string;
  readonly url: URL;
  readonly body: unknown;
}

/**
 * A fake fetch for the typed client: `routes` maps "METHOD /path" to an answer (a JSON body, or a
 * Response); every request is recorded in `received`. Unknown routes answer 404 problem+json.
 */
export function fakeApi(routes: Record<string, unknown>) {
  const received: Received[] = [];
  const fetchImpl = async (input: RequestInfo | URL): Promise<Response> => {
    const request = input as Request;
    const url = new URL(request.url);
    const text = await request.text();
    received.push({ method: request.method, url, body: text ? (JSON.parse(text) as unknown) : undefined });
    const answer = routes[`${request.method} ${url.pathname}`];
    if (answer === undefined)
      return Response.json(
        { title: 'Not Found', status: 404, code: 'TEST.NO_ROUTE', detail: url.pathname },
        { status: 404, headers: { 'Content-Type': 'application/problem+json' } },
      );
    if (answer instanceof Response) return answer;
    return Response.json(answer, { status: request.method === 'POST' ? 201 : 200 });
  };
  return { received, fetchImpl };
}

/** Renders with i18n (German) and a fresh query client. */
export function renderWithProviders(ui: ReactNode) {
  return render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>
    </I18nextProvider>,
  );
}
