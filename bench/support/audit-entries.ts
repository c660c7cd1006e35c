import { randomUUID } from 'node:crypto';
import { type AuditEntry } from '@fallverbund/audit-log';

const POLICY_VERSION = '2026-11-25.1';
const AGENCIES = [
  { id: 'jobcenter-berlin-mitte', purposes: ['integration', 'coordination', 'case_conference'] },
  { id: 'youth-office-berlin-pankow', purposes: ['youth_welfare', 'coordination', 'child_protection'] },
  { id: 'rehab-provider-spandau', purposes: ['rehabilitation', 'coordination'] },
  { id: 'health-centre-wedding', purposes: ['health_promotion', 'rehabilitation'] },
] as const;
const ROLES = ['caseworker', 'caseworker', 'caseworker', 'team_lead', 'health_professional'] as const;
/** Cases that are read again and again: a working set, as in an agency's day. */
const CASES = Array.from({ length: 5_000 }, () => randomUUID());
const CONSENTS = Array.from({ length: 2_000 }, () => randomUUID());

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/**
 * Audit entry number `n` of a realistic mix, shaped as the handlers write them: mostly case reads
 * (sections and legal bases as GetCaseHandler records them), list entries, timeline and consent
 * reads, writes with their events, some denials and a rare break-glass access. About 480 bytes of
 * JSON each; the time advances by about a second per entry.
 */
export const realisticAuditEntry = (n: number): AuditEntry => {
  const agency = pick(AGENCIES, Math.floor(n / 7));
  const role = pick(ROLES, Math.floor(n / 3));
  const userId = `user-${(n % 1_997).toString(16).padStart(8, '0')}`;
  const caseRef = pick(CASES, (n * 7_919) % CASES.length);
  const consent = `consent:${pick(CONSENTS, (n * 104_729) % CONSENTS.length)}`;
  const ownCase = n % 3 !== 0;
  const purpose = pick(agency.purposes, n);
  const base = {
    occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 997).toISOString(),
    actor: { userId, role, agencyId: agency.id },
    purpose,
    policyVersion: POLICY_VERSION,
    correlationId: randomUUID(),
    breakGlass: false,
  };
  const permit = (
    action: string,
    route: string,
    categories: readonly string[],
    legalBasis: readonly string[],
    outcome = 200,
  ): AuditEntry => ({
    ...base,
    action,
    route,
    caseRef,
    categories,
    legalBasis,
    decision: 'permit',
    outcome,
    disclosure: !ownCase,
  });
  const deny = (action: string, route: string, categories: readonly string[], outcome: number): AuditEntry => ({
    ...base,
    action,
    route,
    caseRef,
    categories,
    legalBasis: [],
    decision: 'deny',
    outcome,
    disclosure: false,
  });
  const basis = ownCase ? 'team' : consent;
  const kind = n % 100;
  if (kind < 45) {
    const health = role === 'health_professional' || n % 5 === 0;
    const categories = health ? ['identity', 'case_admin', 'health'] : ['identity', 'case_admin'];
    return permit('read', 'GET /api/cases/{id}', categories, [basis]);
  }
  if (kind < 65) return permit('list', 'GET /api/cases', ['case_admin', 'identity'], [basis]);
  if (kind < 72) return permit('read', 'GET /api/cases/{id}/timeline', ['case_admin'], [basis]);
  if (kind < 78) return permit('read', 'GET /api/cases/{id}/consents', ['case_admin'], [basis]);
  if (kind < 84) return permit('record_health_note', 'POST /api/cases/{id}/health-notes', ['health'], [basis], 201);
  if (kind < 88) return permit('grant_consent', 'POST /api/cases/{id}/consents', ['case_admin'], ['team'], 201);
  if (kind < 91) return permit('add_team_member', 'POST /api/cases/{id}/team-members', ['case_admin'], ['team'], 201);
  if (kind < 95) return deny('read', 'GET /api/cases/{id}', [], 404);
  if (kind < 99) return deny('read', 'GET /api/cases/{id}/timeline', ['case_admin'], 403);
  return {
    ...permit(
      'read',
      'GET /api/cases/{id}',
      ['identity', 'case_admin', 'health'],
      ['§8a SGB VIII: imminent danger to the child, declared by the caseworker'],
    ),
    purpose: 'child_protection',
    breakGlass: true,
  };
};
