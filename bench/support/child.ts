import { fork, type ChildProcess } from 'node:child_process';

/**
 * A benchmark part that runs in its own Node process, driven by messages: one request at a time,
 * answered by one reply. The child inherits `-r @swc-node/register` through execArgv.
 */
export class Child<TRequest, TReply> {
  private readonly process: ChildProcess;
  private readonly exited: Promise<number | null>;
  private pending: { resolve: (reply: TReply) => void; reject: (error: Error) => void } | undefined;

  constructor(file: string, options: { env?: NodeJS.ProcessEnv; nodeOptions?: readonly string[] } = {}) {
    this.process = fork(file, [], {
      env: { ...process.env, ...options.env },
      execArgv: [...process.execArgv, ...(options.nodeOptions ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.process.on('message', (message: { error?: string } & TReply) => {
      const pending = this.pending;
      this.pending = undefined;
      if (message.error !== undefined) pending?.reject(new Error(`${file}: ${message.error}`));
      else pending?.resolve(message);
    });
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code) => {
        this.pending?.reject(new Error(`${file} exited with code ${code} before it replied`));
        this.pending = undefined;
        resolve(code);
      });
    });
  }

  request(message: TRequest): Promise<TReply> {
    if (this.pending) throw new Error('one request at a time');
    return new Promise<TReply>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.process.send(message as object);
    });
  }

  /** Waits for the child to end by itself (after its last reply), or ends it after `graceMs`. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.process.exitCode !== null) return;
    if (this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.process.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The child's side: answers each request with `handle`'s result, or with the error it threw. */
export const serveRequests = <TRequest, TReply extends object>(
  handle: (request: TRequest) => Promise<TReply>,
  onParentGone: () => Promise<void> = () => Promise.resolve(),
): void => {
  const send = process.send?.bind(process);
  if (!send) throw new Error('run this file through Child, not directly');
  process.on('disconnect', () => {
    onParentGone().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  });
  process.on('message', (request: TRequest) => {
    handle(request).then(
      (reply) => send(reply),
      (error: unknown) => send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
};
