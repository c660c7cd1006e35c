import { relayConfigFromEnv } from './relay.config';
import { EMBEDDED_SUBSCRIBERS, parseSubscribers } from './subscribers';

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

  it.each([
    [{}, 'expected an object with a "subscribers" array'],
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
