import { readFileSync } from 'node:fs';
import {
  type Actor,
  AGENCY_TYPES,
  type AgencyType,
  type ParticipantPrincipal,
  type Principal,
  type StaffRole,
} from '@fallverbund/kernel';

/** An organisation that takes part; each stays the data controller for what it records. */
export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly type: AgencyType;
}

/** A person the directory itself knows (embedded profile); in production users come from the IdP. */
export interface DirectoryUser {
  readonly id: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly agencyId: string;
}

/** A participant account the directory itself knows (embedded profile): bound to no case until it redeems an invitation. */
export interface DirectoryParticipant {
  readonly id: string;
  readonly displayName: string;
}

/** The agencies (and, in the embedded profile, the users) the platform knows. */
export class Directory {
  private readonly agencies: ReadonlyMap<string, Agency>;
  private readonly users: ReadonlyMap<string, DirectoryUser>;
  private readonly participants: ReadonlyMap<string, DirectoryParticipant>;

  constructor(
    agencies: readonly Agency[],
    users: readonly DirectoryUser[] = [],
    participants: readonly DirectoryParticipant[] = [],
  ) {
    this.agencies = byUniqueId(agencies, 'agency');
    this.users = byUniqueId(users, 'user');
    this.participants = byUniqueId(participants, 'participant');
    for (const p of participants) {
      if (this.users.has(p.id)) throw new Error(`Directory: "${p.id}" is both a user and a participant`);
    }
    for (const user of users) {
      if (!this.agencies.has(user.agencyId)) {
        throw new Error(`Directory: user "${user.id}" belongs to unknown agency "${user.agencyId}"`);
      }
    }
  }

  agency(id: string): Agency | undefined {
    return this.agencies.get(id);
  }

  /** Every agency the directory knows, in the order given (the controllers of the records of processing). */
  agencyList(): Agency[] {
    return [...this.agencies.values()];
  }

  user(id: string): DirectoryUser | undefined {
    return this.users.get(id);
  }

  /** Every user the directory knows (the embedded profile's demo users), in the order given. */
  userIds(): string[] {
    return [...this.users.keys()];
  }

  participant(id: string): DirectoryParticipant | undefined {
    return this.participants.get(id);
  }

  /** Every participant account the directory knows (the embedded profile's demo participants). */
  participantIds(): string[] {
    return [...this.participants.keys()];
  }

  /** The staff member or participant a (dev) token's subject names. */
  principalFor(userId: string): Principal | undefined {
    const participant = this.participants.get(userId);
    return participant ? participantPrincipal(participant.id, participant.displayName) : this.actorFor(userId);
  }

  actorFor(userId: string): Actor | undefined {
    const user = this.users.get(userId);
    const agency = user && this.agencies.get(user.agencyId);
    if (!user || !agency) return undefined;
    return {
      userId: user.id,
      displayName: user.displayName,
      role: user.role,
      agencyId: agency.id,
      agencyType: agency.type,
    };
  }
}

function byUniqueId<T extends { readonly id: string }>(items: readonly T[], what: string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) throw new Error(`Directory: duplicate ${what} id "${item.id}"`);
    map.set(item.id, item);
  }
  return map;
}

export const participantPrincipal = (userId: string, displayName: string): ParticipantPrincipal => ({
  userId,
  displayName,
  role: 'participant',
});

const demoUser = (id: string, role: StaffRole, agencyId: string): DirectoryUser => ({
  id,
  displayName: id,
  role,
  agencyId,
});

/** The fixed agencies and users of the embedded (demo) profile. */
export const DEMO_DIRECTORY = new Directory(
  [
    { id: 'jobcenter-mitte', name: 'Jobcenter Mitte', type: 'jobcenter' },
    { id: 'jugendamt-mitte', name: 'Jugendamt Mitte', type: 'youth_office' },
    { id: 'praxis-yilmaz', name: 'Praxis Yilmaz', type: 'health_provider' },
    { id: 'suchtberatung-nord', name: 'Suchtberatung Nord', type: 'network_partner' },
    { id: 'drv-nord', name: 'Deutsche Rentenversicherung Nord', type: 'pension_insurance' },
    { id: 'schuldnerberatung-mitte', name: 'Schuldnerberatung Mitte', type: 'network_partner' },
    { id: 'sportverein-nord', name: 'Sportverein Nord', type: 'network_partner' },
    { id: 'vhs-mitte', name: 'Volkshochschule Mitte', type: 'network_partner' },
  ],
  [
    demoUser('anna.coach', 'caseworker', 'jobcenter-mitte'),
    demoUser('ben.lead', 'team_lead', 'jobcenter-mitte'),
    demoUser('clara.youth', 'caseworker', 'jugendamt-mitte'),
    // A colleague and the team lead at clara's youth office: § 65 SGB VIII keeps entrusted notes from both.
    demoUser('jonas.youth', 'caseworker', 'jugendamt-mitte'),
    demoUser('greta.lead', 'team_lead', 'jugendamt-mitte'),
    demoUser('deniz.psych', 'health_professional', 'praxis-yilmaz'),
    demoUser('emil.counsel', 'partner_staff', 'suchtberatung-nord'),
    demoUser('frieda.dpo', 'data_protection_officer', 'jobcenter-mitte'),
    // A rehabilitation adviser of the pension insurance: its files follow the rehab retention classes.
    demoUser('hanna.reha', 'caseworker', 'drv-nord'),
  ],
  [{ id: 'lena.teilnehmerin', displayName: 'Lena Teilnehmerin' }],
);

/**
 * Checks a parsed agency file of the form `{ "agencies": [{ "id", "name", "type" }] }` and returns its
 * agencies. Throws an Error naming the first bad entry; `source` goes into the message.
 */
export function parseAgencies(input: unknown, source = 'agency directory'): Agency[] {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  if (!isRecord(input) || !Array.isArray(input['agencies'])) return fail('expected an object with an "agencies" array');
  return input['agencies'].map((entry: unknown, index): Agency => {
    const at = `agencies[${index}]`;
    if (!isRecord(entry)) return fail(`${at} must be an object`);
    const { id, name, type } = entry;
    if (typeof id !== 'string' || id.trim() === '') return fail(`${at}.id must be a non-empty string`);
    if (typeof name !== 'string' || name.trim() === '') return fail(`${at}.name must be a non-empty string`);
    if (!AGENCY_TYPES.includes(type as AgencyType)) {
      return fail(`${at}.type must be one of ${AGENCY_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
    }
    return { id, name, type: type as AgencyType };
  });
}

/** Reads the production agency directory from a JSON file (see `parseAgencies`); users come from the IdP. */
export function loadAgencyDirectory(path: string): Directory {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`agency directory ${path}: cannot read JSON (${(error as Error).message})`, { cause: error });
  }
  const agencies = parseAgencies(input, `agency directory ${path}`);
  try {
    return new Directory(agencies);
  } catch (error) {
    throw new Error(`agency directory ${path}: ${(error as Error).message}`, { cause: error });
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
