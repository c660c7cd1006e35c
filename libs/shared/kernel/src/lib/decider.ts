import { type Event } from './event';

/** An aggregate as three pure functions. */
export interface Decider<TCommand, TEvent extends Event, TState> {
  readonly initialState: () => TState;
  readonly decide: (command: TCommand, state: TState) => readonly TEvent[];
  readonly evolve: (state: TState, event: TEvent) => TState;
}

export const foldEvents = <TEvent extends Event, TState>(
  decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
  from: TState = decider.initialState(),
): TState => events.reduce(decider.evolve, from);

/**
 * Given / when / then for deciders: `given(events).when(command).then(events)` or `.thenThrows(Error)`.
 * Pure: runs in unit tests without I/O.
 */
export const deciderSpec = <TCommand, TEvent extends Event, TState>(decider: Decider<TCommand, TEvent, TState>) => ({
  given: (history: readonly TEvent[]) => ({
    when: (command: TCommand) => {
      const run = (): readonly TEvent[] => decider.decide(command, foldEvents(decider, history));
      return {
        then: (expected: readonly TEvent[]): void => {
          expect(run()).toEqual(expected);
        },
        thenThrows: (error: abstract new (...args: never[]) => Error, code?: string): void => {
          let thrown: unknown;
          try {
            run();
          } catch (caught) {
            thrown = caught;
          }
          expect(thrown).toBeInstanceOf(error);
          if (code) expect(thrown).toMatchObject({ code });
        },
      };
    },
  }),
});
