/**
 * The app's one source of time for requests. Tests of expiry move it forward; nothing else writes it.
 */
export const clock = { now: (): Date => new Date() };
