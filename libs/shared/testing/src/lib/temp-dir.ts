import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const tempDir = (label: string): { path: string; remove(): void } => {
  const path = mkdtempSync(join(tmpdir(), `fallverbund-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
