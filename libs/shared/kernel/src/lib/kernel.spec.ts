import { foldEvents } from './decider';
import { ERASED, isErased } from './event';
import { DATA_CATEGORIES, isDataCategory, isPurpose, PURPOSES, SENSITIVE_CATEGORIES } from './vocabulary';

describe('vocabulary', () => {
  it('knows the purposes and categories of the domain and nothing else', () => {
    expect(PURPOSES.filter(isPurpose)).toEqual([...PURPOSES]);
    expect(['', 'Integration', 'marketing', null, 3].some(isPurpose)).toBe(false);
    expect(isDataCategory('health')).toBe(true);
    expect(isDataCategory('diagnosis')).toBe(false);
    expect(SENSITIVE_CATEGORIES.every((c) => DATA_CATEGORIES.includes(c))).toBe(true);
  });
});

describe('erased values', () => {
  it('are recognised, and nothing else is', () => {
    expect(isErased(ERASED)).toBe(true);
    expect(isErased({ erased: true })).toBe(true);
    expect([{ erased: 'true' }, { givenName: 'Mara' }, null, 'erased', undefined].some(isErased)).toBe(false);
  });
});

describe('foldEvents', () => {
  it('evolves the initial state through the events in order', () => {
    const counter = {
      initialState: () => [] as string[],
      evolve: (state: string[], event: { type: string; data: { n: number } }) => [
        ...state,
        `${event.type}${event.data.n}`,
      ],
    };
    expect(
      foldEvents(counter, [
        { type: 'a', data: { n: 1 } },
        { type: 'b', data: { n: 2 } },
      ]),
    ).toEqual(['a1', 'b2']);
  });
});
