import { ServiceProcess } from '@fallverbund/testing';

/** apps/relay as its own process (`node -r @swc-node/register apps/relay/src/main.ts`), output kept. */
export class RelayProcess extends ServiceProcess {
  constructor(env: NodeJS.ProcessEnv) {
    super('apps/relay/src/main.ts', env);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM: the relay finishes its page, gives up its lock and exits. */
  async stop(): Promise<void> {
    await this.terminate();
  }
}
