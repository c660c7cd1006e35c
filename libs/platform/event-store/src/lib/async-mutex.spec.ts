import { KeyedMutex } from './async-mutex';

/** A promise with its resolve, to hold work open until the test lets it finish. */
const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('runs work under one key one at a time, in the order it came', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const first = gate();
    const a = mutex.run('case-1', async () => {
      order.push('a starts');
      await first.opened;
      order.push('a ends');
      return 'a';
    });
    const b = mutex.run('case-1', () => {
      order.push('b');
      return 'b';
    });
    const c = mutex.run('case-1', () => {
      order.push('c');
      return 'c';
    });
    await tick();
    expect(order).toEqual(['a starts']);
    first.open();
    expect(await Promise.all([a, b, c])).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a starts', 'a ends', 'b', 'c']);
  });

  it('runs work under different keys at once', async () => {
    const mutex = new KeyedMutex();
    const held = gate();
    const a = mutex.run('case-1', () => held.opened);
    let other = false;
    await mutex.run('case-2', () => (other = true));
    expect(other).toBe(true);
    held.open();
    await a;
  });

  it('passes the turn on after a failure, and forgets keys nobody holds or waits for', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('case-1', () => Promise.reject(new Error('refused')));
    const next = mutex.run('case-1', () => 'next');
    await expect(failed).rejects.toThrow('refused');
    expect(await next).toBe('next');
    expect(mutex.size).toBe(0);
  });
});
