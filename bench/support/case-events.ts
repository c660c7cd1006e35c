import { randomUUID } from 'node:crypto';
import { type CaseEvent, type CaseOpened, type TeamMemberAdded } from '@fallverbund/cases-domain';
import { type NewEvent } from '@fallverbund/event-store';
import { type EventMetadata } from '@fallverbund/kernel';

const GIVEN_NAMES = ['Anna', 'Ben', 'Clara', 'Deniz', 'Emil', 'Fatma', 'Greta', 'Hakan', 'Ida', 'Jonas'];
const FAMILY_NAMES = ['Schulz', 'Yilmaz', 'Becker', 'Nowak', 'Hoffmann', 'Kaya', 'Wagner', 'Richter'];
const AGENCIES = [
  { id: 'jobcenter-berlin-mitte', type: 'jobcenter' },
  { id: 'youth-office-berlin-pankow', type: 'youth_office' },
  { id: 'rehab-provider-spandau', type: 'rehab_provider' },
] as const;

export const metadataFor = (actorUserId: string, agencyId: string, occurredAt: string): EventMetadata => ({
  occurredAt,
  actor: { userId: actorUserId, agencyId, role: 'caseworker' },
  purpose: 'coordination',
  correlationId: randomUUID(),
  causationId: null,
});

/** Any case event, recorded by `by` at `at`. */
export const caseEvent = <E extends CaseEvent>(
  type: E['type'],
  data: E['data'],
  by: { userId: string; agencyId: string },
  at: string,
): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: metadataFor(by.userId, by.agencyId, at),
});

/** A TeamMemberAdded of a fresh case: no personal data, about 170 bytes of JSON data. */
export const teamMemberAdded = (caseId = randomUUID()): NewEvent<TeamMemberAdded['data']> => {
  const addedAt = new Date().toISOString();
  const data: TeamMemberAdded['data'] = {
    caseId,
    userId: 'user-4f1c',
    agencyId: 'agency-0042',
    role: 'caseworker',
    addedBy: 'user-9b7d',
    addedAt,
  };
  return {
    eventId: randomUUID(),
    type: 'TeamMemberAdded',
    schemaVersion: 1,
    data,
    metadata: metadataFor(data.addedBy, 'jobcenter-berlin-mitte', addedAt),
  };
};

/** The first two events of case number `n`: opened (with the participant's identity) and a second team member. */
export const caseEvents = (n: number): { caseId: string; events: NewEvent[] } => {
  const caseId = randomUUID();
  const at = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  const leadAgency = AGENCIES[n % AGENCIES.length] ?? AGENCIES[0];
  const leadAgencyId = leadAgency.id;
  const openedBy = `user-${(n % 997).toString(16).padStart(8, '0')}`;
  const opened: CaseOpened['data'] = {
    caseId,
    participantId: randomUUID(),
    participant: {
      givenName: GIVEN_NAMES[n % GIVEN_NAMES.length] as string,
      familyName: FAMILY_NAMES[n % FAMILY_NAMES.length] as string,
      birthDate: `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
    },
    leadAgencyId,
    leadAgencyType: leadAgency.type,
    openedBy,
    openedByRole: 'caseworker',
    openedAt: at,
  };
  const added: TeamMemberAdded['data'] = {
    caseId,
    userId: `user-${((n + 1) % 997).toString(16).padStart(8, '0')}`,
    agencyId: (AGENCIES[(n + 1) % AGENCIES.length] ?? AGENCIES[0]).id,
    role: 'caseworker',
    addedBy: openedBy,
    addedAt: at,
  };
  return {
    caseId,
    events: [
      {
        eventId: randomUUID(),
        type: 'CaseOpened',
        schemaVersion: 1,
        data: opened,
        metadata: metadataFor(openedBy, leadAgencyId, at),
      },
      {
        eventId: randomUUID(),
        type: 'TeamMemberAdded',
        schemaVersion: 1,
        data: added,
        metadata: metadataFor(openedBy, leadAgencyId, at),
      },
    ],
  };
};
