import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@fallverbund/testing';
import { relayConfigFromEnv } from './relay.config';
import { EMBEDDED_SUBSCRIBERS, loadSubscribers, parseSubscribers } from './subscribers';

describe('subscriber registry', () => {
  it('reads subscribers with agency, purposes and categories', () => {
    expect(
      parseSubscribers({
        subscribers: [
          { id: 'drv-reha', agencyId: 'drv-nord', purposes: ['rehabilitation'], categories: ['case_admin', 'health'] },
        ],
      }),
    ).toEqual([
      { id: 'drv-reha', agencyId: 'drv-nord', purposes: ['rehabilitation'], categories: ['case_admin', 'health'] },
    ]);
  });

  it('reads SUBSCRIBERS_FILE as documented: an object with a "subscribers" list, or the bare list', () => {
    const dir = tempDir('subscribers');
    try {
      const entry = { id: 'drv-reha', agencyId: 'drv-nord', purposes: ['rehabilitation'], categories: ['health'] };
      const asObject = join(dir.path, 'object.json');
      const asList = join(dir.path, 'list.json');
      writeFileSync(asObject, JSON.stringify({ subscribers: [entry] }));
      writeFileSync(asList, JSON.stringify([entry]));
      expect(loadSubscribers(asObject)).toEqual([entry]);
      expect(loadSubscribers(asList)).toEqual([entry]);
      expect(relayConfigFromEnv({ SUBSCRIBERS_FILE: asList }, 'embedded').subscribers).toEqual([entry]);
      writeFileSync(asList, JSON.stringify({ subscriber: [entry] }));
      expect(() => loadSubscribers(asList)).toThrow(`SUBSCRIBERS_FILE ${asList}: expected a list of subscribers`);
    } finally {
      dir.remove();
    }
  });

  it.each([
    [{}, 'expected a list of subscribers, or an object with a "subscribers" list'],
    ['[]', 'expected a list'],
    [[{ id: 'x', agencyId: '', purposes: ['coordination'], categories: ['plan'] }], 'subscribers[0].agencyId'],
    [{ subscribers: [{ id: 'Fallakte!', agencyId: 'a', purposes: ['coordination'], categories: ['plan'] }] }, 'topic'],
    [{ subscribers: [{ id: 'x', agencyId: '', purposes: ['coordination'], categories: ['plan'] }] }, 'agencyId'],
    [{ subscribers: [{ id: 'x', agencyId: 'a', purposes: [], categories: ['plan'] }] }, 'purposes'],
    [{ subscribers: [{ id: 'x', agencyId: 'a', purposes: ['evaluation'], categories: ['plan'] }] }, 'evaluation'],
    [{ subscribers: [{ id: 'x', agencyId: 'a', purposes: ['coordination'], categories: ['secrets'] }] }, 'categories'],
    [
      {
        subscribers: [
          { id: 'x', agencyId: 'a', purposes: ['coordination'], categories: ['plan'] },
          { id: 'x', agencyId: 'b', purposes: ['coordination'], categories: ['plan'] },
        ],
      },
      'twice',
    ],
  ])('refuses %j', (input, problem) => {
    expect(() => parseSubscribers(input)).toThrow(problem);
  });

  it('registers the demo youth office in the embedded profile, nobody in production, Kafka only when configured', () => {
    expect(relayConfigFromEnv({}, 'embedded')).toEqual({ mode: 'embedded', subscribers: EMBEDDED_SUBSCRIBERS });
    expect(relayConfigFromEnv({ KAFKA_BROKERS: 'a:9092, b:9092', RELAY: 'external' }, 'production')).toEqual({
      mode: 'external',
      kafka: { brokers: ['a:9092', 'b:9092'], clientId: 'fallverbund-relay' },
      subscribers: [],
    });
    expect(() => relayConfigFromEnv({}, 'production')).toThrow('KAFKA_BROKERS');
    expect(() => relayConfigFromEnv({ RELAY: 'sometimes' })).toThrow('RELAY');
  });
});
