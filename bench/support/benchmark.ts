import { type Pool } from 'pg';
import { type TargetCheck } from './report';

export interface BenchContext {
  readonly url: string;
  /** For setup, checks and clean-up; not the pool under test. */
  readonly adminPool: Pool;
}

export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface BenchOutcome {
  readonly config: Readonly<Record<string, unknown>>;
  readonly results: Readonly<Record<string, unknown>>;
  readonly targets: readonly TargetCheck[];
  /** Figures worth a line beside the verdicts that have no target of their own. */
  readonly notes?: readonly string[];
  /** Printed after the run. */
  readonly tables: readonly Table[];
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}

/** Progress goes to stderr, so stdout holds only the tables and the verdicts. */
export const progress = (benchmark: string, message: string): void => {
  process.stderr.write(`[${benchmark}] ${message}\n`);
};
