import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { createApiClient } from '../api/client';
import { ApiProblem } from '../api/problem';
import { i18n } from '../i18n/i18n';
import { createQueryClient } from '../query/query-client';
import { session } from '../session/session-store';
import { PurposeSelect } from './PurposeSelect';
import { ANNA_POLICY } from '../testing/session-fixture';

const anna = {
  userId: 'anna.coach',
  displayName: 'anna.coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
} as const;

/** A fake fetch that records each request and answers with `answer`. */
const recording = (answer: () => Response) => {
  const requests: Request[] = [];
  const fetchImpl = (input: RequestInfo | URL): Promise<Response> => {
    requests.push(input as Request);
    return Promise.resolve(answer());
  };
  return { requests, client: createApiClient(fetchImpl) };
};

describe('the declared purpose', () => {
  beforeEach(() => act(() => session.set({ token: 'the-token', user: anna, purpose: 'integration', ...ANNA_POLICY })));

  it('is chosen in the header, announced, and sent as X-Purpose with the bearer token', async () => {
    const user = userEvent.setup();
    render(
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={createQueryClient()}>
          <PurposeSelect />
        </QueryClientProvider>
      </I18nextProvider>,
    );

    await user.click(screen.getByRole('button', { name: /Zweck/ }));
    // Only what a jobcenter caseworker may declare: no audit, no child protection.
    expect(screen.queryByRole('option', { name: 'Datenschutzprüfung' })).toBeNull();
    expect(screen.queryByRole('option', { name: /Kinderschutz/ })).toBeNull();
    await user.click(screen.getByRole('option', { name: 'Koordination' }));

    expect(screen.getByRole('status').textContent).toBe(
      'Zweck gewechselt: Koordination. Alle weiteren Abrufe erklären diesen Zweck.',
    );
    const { requests, client } = recording(() => Response.json({ items: [], nextOffset: null }));
    await client.GET('/api/cases', { params: { query: { scope: 'mine' } } });
    expect(requests[0]?.headers.get('X-Purpose')).toBe('coordination');
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer the-token');
  });

  it('turns a problem+json answer into an ApiProblem with code and request id', async () => {
    const { client } = recording(() =>
      Response.json(
        { title: 'Forbidden', status: 403, code: 'ACCESS.DENIED', detail: 'no grant', requestId: 'req-1' },
        { status: 403, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );

    const failure: unknown = await client.GET('/api/cases').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiProblem);
    expect(failure).toMatchObject({ status: 403, code: 'ACCESS.DENIED', detail: 'no grant', requestId: 'req-1' });
  });
});
