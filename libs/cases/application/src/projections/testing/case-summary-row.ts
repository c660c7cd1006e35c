import { randomUUID } from 'node:crypto';
import { CaseSummary } from '../../cases/case-read-model.entities';

/** A case summary row for the read-model write and lookup tests; names with quotes and backslashes on purpose. */
export const caseSummaryRow = (overrides: Partial<CaseSummary> = {}): CaseSummary =>
  Object.assign(new CaseSummary(), {
    caseId: randomUUID(),
    participantId: randomUUID(),
    participantSealed: null,
    participantErased: false,
    leadAgencyId: 'jobcenter-mitte',
    leadAgencyType: 'jobcenter',
    status: 'active',
    exitReason: null,
    followUps: [],
    access: {
      team: [{ userId: 'anna "the coach"', agencyId: 'jobcenter-mitte\\süd', role: 'caseworker' }],
      consents: [],
      childProtectionDeclarations: [],
    },
    openedAt: '2026-12-05T10:00:00.000Z',
    firstContactAt: '2026-12-01T09:30:00.000Z',
    updatedAt: '2026-12-05T10:00:00.000Z',
    version: 1,
    ...overrides,
  });
