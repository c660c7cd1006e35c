import { MerkleTreeBuilder, toHex } from '@fallverbund/audit-merkle';
import { type AuditEntry, sha256 } from '../lib/audit-entry';
import { type AuditRecord, prepareAppend } from '../lib/audit-log-store';

/**
 * An entry that differs from its neighbours in caseRef, time and request id. Even entries are shaped
 * as before request ids existed (the correlation id was the key), odd ones carry the server's request
 * id and no client correlation id: stores, export and verifier see both shapes.
 */
export const anEntry = (n: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  occurredAt: new Date(Date.UTC(2026, 10, 25, 9, 0, n)).toISOString(),
  actor: { userId: `user-${n % 3}`, role: 'caseworker', agencyId: 'jobcenter-1' },
  action: n % 2 === 0 ? 'read' : 'list',
  route: 'GET /api/cases/{id}',
  caseRef: `case-${n}`,
  categories: ['identity', 'case_admin'],
  purpose: 'integration',
  legalBasis: ['team'],
  decision: 'permit',
  policyVersion: '2026-11-25.1',
  ...(n % 2 === 0 ? { correlationId: `corr-${n}` } : { requestId: `req-${n}`, correlationId: null }),
  outcome: 200,
  disclosure: false,
  breakGlass: false,
  ...overrides,
});

/** Records as a store would hold them, with a deterministic salt so that tests are exact. */
export function recordsOf(entries: readonly AuditEntry[]): AuditRecord[] {
  let n = 0;
  const salt = () => new Uint8Array(32).fill(++n);
  return prepareAppend(sha256, new MerkleTreeBuilder(sha256), entries, salt).map((p) => ({
    index: p.index,
    entry: p.entry,
    salt: toHex(p.salt),
    digest: toHex(p.digest),
    leafHash: toHex(p.leaf),
  }));
}

export const entries = (count: number, from = 0): AuditEntry[] =>
  Array.from({ length: count }, (_, i) => anEntry(from + i));
