import { comparePositions, type GlobalPosition } from './event-store';

/**
 * The newest log position this process has appended and committed. A command's answer hands it on
 * (apps/api's log-position interceptor): it is at or after the command's own append, so a read that
 * waits for it sees the command's effect.
 *
 * Deliberately not per request through AsyncLocalStorage: on Node 20 an active AsyncLocalStorage
 * puts a hook on every promise of the process, which made every request measurably slower
 * (docs/decisions.md, issue 15).
 */
export class AppendedPositions {
  #last: GlobalPosition | undefined;

  note(position: GlobalPosition): void {
    if (this.#last === undefined || comparePositions(position, this.#last) > 0) this.#last = position;
  }

  get last(): GlobalPosition | undefined {
    return this.#last;
  }
}

/** The process's newest committed append; the stores note into it after each commit. */
export const appendedPositions = new AppendedPositions();

/** Called once an append has committed. */
export const noteAppendedPosition = (position: GlobalPosition): void => appendedPositions.note(position);
