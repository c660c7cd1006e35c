import { AppendedPositions } from './appended-positions';

const at = (commit: number, prepare: number) => ({ commit: BigInt(commit), prepare: BigInt(prepare) });

describe('appended positions', () => {
  it('keeps the newest position noted, whatever the order of the notes', () => {
    const positions = new AppendedPositions();
    positions.note(at(7, 3));
    positions.note(at(5, 9));
    positions.note(at(7, 4));
    positions.note(at(7, 2));
    expect(positions.last).toEqual(at(7, 4));
  });

  it('knows no position when nothing was appended', () => {
    expect(new AppendedPositions().last).toBeUndefined();
  });
});
