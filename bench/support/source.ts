import { execFileSync } from 'node:child_process';

export interface SourceFacts {
  readonly commit: string;
  /** Files under libs/ or apps/ that differ from the commit: the figures measure the working tree. */
  readonly uncommitted: readonly string[];
}

// Only the end is trimmed: a porcelain line starts with a status column that may be a space.
const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8' }).trimEnd();

export const sourceFacts = (): SourceFacts => {
  try {
    const status = git('status', '--porcelain', '--', 'libs', 'apps');
    return {
      commit: git('rev-parse', 'HEAD'),
      uncommitted: status ? status.split('\n').map((line) => line.slice(3)) : [],
    };
  } catch {
    return { commit: 'unknown', uncommitted: [] };
  }
};
