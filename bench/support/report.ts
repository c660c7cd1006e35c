import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MachineFacts } from './machine';
import { type SourceFacts } from './source';

export interface TargetCheck {
  readonly name: string;
  readonly value: number;
  /** e.g. '>= 0.7' */
  readonly target: string;
  readonly pass: boolean;
  /** The line printed for this check. */
  readonly summary: string;
}

export interface BenchReport {
  readonly benchmark: string;
  readonly description: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: MachineFacts;
  readonly source: SourceFacts;
  readonly config: Readonly<Record<string, unknown>>;
  readonly results: Readonly<Record<string, unknown>>;
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
}

export const RESULTS_DIR = join(__dirname, '..', 'results');

export const formatNumber = (value: number): string => Math.round(value).toLocaleString('en-US');
export const formatMiB = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const show = (n: number): string => (Number.isInteger(n) ? n.toFixed(1) : String(n));

export const atLeast = (name: string, value: number, minimum: number, summary: string): TargetCheck => ({
  name,
  value,
  target: `>= ${show(minimum)}`,
  pass: value >= minimum,
  summary: `${summary}, ratio ${value.toFixed(2)} (target >= ${show(minimum)}) ${value >= minimum ? 'PASS' : 'FAIL'}`,
});

export const atMost = (name: string, value: number, maximum: number, summary: string): TargetCheck => ({
  name,
  value,
  target: `<= ${show(maximum)}`,
  pass: value <= maximum,
  summary: `${summary}, ratio ${value.toFixed(2)} (target <= ${show(maximum)}) ${value <= maximum ? 'PASS' : 'FAIL'}`,
});

export const printTable = (title: string, headers: readonly string[], rows: readonly (readonly string[])[]): void => {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  // Text columns align left, figures right.
  const numeric = headers.map((_, i) => rows.every((row) => /^-?[\d,.]+(\s?[A-Za-z/%]+)?$/.test(row[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
};

/** Written through a temporary file, so an interrupted run never leaves half a result behind. */
export const writeReport = (report: BenchReport): string => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${report.benchmark}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
};
