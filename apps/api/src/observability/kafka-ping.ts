import { type Admin, Kafka, logLevel } from 'kafkajs';

/**
 * Asks the brokers for their cluster metadata on one admin connection, kept between checks and
 * opened again after a failure. No retries: readiness wants to know now, and asks again soon.
 */
export class KafkaPing {
  private readonly kafka: Kafka;
  private admin: Promise<Admin> | undefined;

  constructor(brokers: readonly string[], clientId: string) {
    this.kafka = new Kafka({
      clientId: `${clientId}-health`,
      brokers: [...brokers],
      connectionTimeout: 1_000,
      requestTimeout: 1_500,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
  }

  async ping(): Promise<void> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    const pending = this.admin;
    try {
      const cluster = await (await pending).describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no broker in the cluster metadata');
    } catch (error) {
      if (this.admin === pending) this.admin = undefined;
      await pending.then((admin) => admin.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const pending = this.admin;
    this.admin = undefined;
    await pending?.then((admin) => admin.disconnect()).catch(() => undefined);
  }
}
