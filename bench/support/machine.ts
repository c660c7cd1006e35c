import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { type Pool } from 'pg';
import { databaseFacts, type DatabaseFacts } from './bench-database';

export interface MachineFacts {
  readonly os: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpus: number;
  /** What `nproc` reports: the CPUs this process may use, which a container can limit below `cpus`. */
  readonly nproc: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly postgres: DatabaseFacts;
}

const nproc = (): number => {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return os.availableParallelism();
  }
};

export const machineFacts = async (pool: Pool): Promise<MachineFacts> => ({
  os: `${os.type()} ${os.release()}`,
  arch: os.arch(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  cpus: os.cpus().length,
  nproc: nproc(),
  memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  postgres: await databaseFacts(pool),
});
