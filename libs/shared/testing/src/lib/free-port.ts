import { createServer } from 'node:net';

/**
 * Below Linux's ephemeral range (32768–60999 by default), so no outgoing connection of this machine
 * (to PostgreSQL, Kafka, Keycloak) can hold the port the test then hands to a process of its own.
 */
const FIRST = 20_000;
const LAST = 32_000;

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * A loopback port no one listens on now, for a service process a test starts (its `PORT`): chosen
 * at random outside the ephemeral range and tried by binding it, so two test files running at the
 * same time and the machine's own connections do not collide with it.
 */
export const freePort = async (): Promise<number> => {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free loopback port between ${FIRST} and ${LAST} after 50 tries`);
};
