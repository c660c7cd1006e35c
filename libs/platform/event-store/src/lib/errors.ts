/** The stream did not have the version the writer expected: someone else appended first. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'any',
    readonly actualVersion: number | null,
  ) {
    super(`stream ${streamId}: expected version ${expectedVersion}, found ${actualVersion ?? 'a newer one'}`);
    this.name = 'WrongExpectedVersionError';
  }
}
