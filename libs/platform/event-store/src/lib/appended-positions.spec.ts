import { isTrackingAppendedPositions, noteAppendedPosition, trackAppendedPositions } from './appended-positions';

const at = (commit: number, prepare: number) => ({ commit: BigInt(commit), prepare: BigInt(prepare) });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('appended positions', () => {
  it('keeps the newest position noted anywhere inside the work, each work its own', async () => {
    const first = trackAppendedPositions(async () => {
      noteAppendedPosition(at(7, 3));
      await tick();
      noteAppendedPosition(at(5, 9));
    });
    const second = trackAppendedPositions(async () => {
      await tick();
      noteAppendedPosition(at(9, 1));
    });
    noteAppendedPosition(at(99, 99));
    await Promise.all([first.result, second.result]);
    expect(first.last()).toEqual(at(7, 3));
    expect(second.last()).toEqual(at(9, 1));
  });

  it('knows no position when nothing was appended', () => {
    expect(trackAppendedPositions(() => 1).last()).toBeUndefined();
  });

  it('tells whether someone tracks the positions', async () => {
    expect(isTrackingAppendedPositions()).toBe(false);
    const inside = trackAppendedPositions(async () => {
      await tick();
      return isTrackingAppendedPositions();
    });
    expect(await inside.result).toBe(true);
  });
});
