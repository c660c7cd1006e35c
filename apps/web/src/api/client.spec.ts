import { createApiClient, LOG_POSITION_HEADER } from './client';

/** A fake fetch that records each request and answers with the next position, if any. */
const recording = (positions: (string | null)[]) => {
  const requests: Request[] = [];
  const fetchImpl = (input: RequestInfo | URL): Promise<Response> => {
    requests.push(input as Request);
    const position = positions.shift() ?? null;
    return Promise.resolve(
      Response.json({ items: [], nextOffset: null }, { headers: position ? { [LOG_POSITION_HEADER]: position } : {} }),
    );
  };
  return { requests, client: createApiClient(fetchImpl) };
};

describe('the log position', () => {
  it('goes with every request after an answer named it, the newest one seen', async () => {
    const { requests, client } = recording([null, '812/40', '812/7', null, '9000/1']);
    for (let i = 0; i < 6; i++) await client.GET('/api/cases', {});
    expect(requests.map((r) => r.headers.get(LOG_POSITION_HEADER))).toEqual([
      null,
      null,
      '812/40',
      // An older position (another replica's answer) does not replace a newer one.
      '812/40',
      '812/40',
      '9000/1',
    ]);
  });

  it('ignores what is not a position', async () => {
    const { requests, client } = recording(['soon', null]);
    await client.GET('/api/cases', {});
    await client.GET('/api/cases', {});
    expect(requests[1]?.headers.get(LOG_POSITION_HEADER)).toBeNull();
  });

  it('is kept per client', async () => {
    const first = recording(['5/5']);
    await first.client.GET('/api/cases', {});
    const second = recording([]);
    await second.client.GET('/api/cases', {});
    expect(second.requests[0]?.headers.get(LOG_POSITION_HEADER)).toBeNull();
  });
});
