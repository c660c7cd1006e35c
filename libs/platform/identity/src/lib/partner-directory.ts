import { readFileSync } from 'node:fs';
import {
  type AgencyType,
  DomainError,
  isCalendarDate,
  PARTNER_SERVICES,
  type PartnerService,
  PURPOSES,
  type Purpose,
} from '@fallverbund/kernel';
import { DEMO_DIRECTORY, type Directory } from './directory';

export { PARTNER_SERVICES, type PartnerService } from '@fallverbund/kernel';

/** The legal domain (Rechtskreis) a partner works in; `none` for free providers (bound by § 78 SGB X). */
export const LEGAL_DOMAINS = ['SGB II', 'SGB III', 'SGB V', 'SGB VI', 'SGB VIII', 'SGB IX', 'SGB XII', 'none'] as const;
export type LegalDomain = (typeof LEGAL_DOMAINS)[number];

/** A partner can be referred to for these; anonymised statistics and the DPO's audit are no service. */
export const PARTNER_PURPOSES: readonly Purpose[] = PURPOSES.filter((p) => p !== 'evaluation' && p !== 'audit');

/** A member of a partner's staff to turn to: a published business contact, not participant data. */
export interface PartnerContactPerson {
  readonly name: string;
  readonly function: string;
  readonly phone: string | null;
  readonly email: string | null;
}

/** One entry of the partner directory, as configured; keyed by an agency of the agency Directory. */
export interface PartnerEntry {
  readonly agencyId: string;
  readonly services: readonly PartnerService[];
  readonly purposes: readonly Purpose[];
  /** Districts ("Mitte") or postcode prefixes ("133"). */
  readonly areas: readonly string[];
  readonly legalDomain: LegalDomain;
  readonly contactPersons: readonly PartnerContactPerson[];
  /** YYYY-MM-DD. */
  readonly lastReviewedAt: string;
}

/** An entry with the name and type of its agency. */
export interface Partner extends PartnerEntry {
  readonly name: string;
  readonly agencyType: AgencyType;
}

/** A partner as answered at one instant: `stale` when it was last reviewed more than 12 months ago. */
export interface PartnerView extends Partner {
  readonly stale: boolean;
}

/** Every filter is optional; given filters must all match. */
export interface PartnerFilter {
  readonly service?: PartnerService;
  readonly purpose?: Purpose;
  /** A district (case-insensitive) or a postcode, which matches the postcode prefixes it starts with. */
  readonly area?: string;
  /** Part of the name, case-insensitive. */
  readonly q?: string;
}

/** No partner with this agency id in the directory. */
export class PartnerNotFoundError extends DomainError {
  readonly code = 'PARTNER.NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly agencyId: string) {
    super(`No partner "${agencyId}" in the partner directory`);
  }
}

/**
 * The network directory (Netzwerkkarte): partners to refer to, with their services, the purposes they
 * serve, areas, legal domain, contact persons and when the entry was last reviewed. Every entry names
 * an agency of the agency Directory, once.
 */
export class PartnerDirectory {
  private readonly partners: ReadonlyMap<string, Partner>;

  constructor(directory: Directory, entries: readonly PartnerEntry[]) {
    const partners = new Map<string, Partner>();
    for (const entry of entries) {
      const agency = directory.agency(entry.agencyId);
      if (!agency) throw new Error(`PartnerDirectory: "${entry.agencyId}" is not an agency of the directory`);
      if (partners.has(entry.agencyId)) throw new Error(`PartnerDirectory: duplicate partner "${entry.agencyId}"`);
      partners.set(entry.agencyId, { ...entry, name: agency.name, agencyType: agency.type });
    }
    this.partners = partners;
  }

  /** The partner of this agency, or undefined when the agency is no partner. */
  partner(agencyId: string): Partner | undefined {
    return this.partners.get(agencyId);
  }

  /** The partners that match every given filter, sorted by name. */
  search(filter: PartnerFilter = {}): Partner[] {
    const q = filter.q?.trim().toLocaleLowerCase('de');
    return [...this.partners.values()]
      .filter(
        (p) =>
          (!filter.service || p.services.includes(filter.service)) &&
          (!filter.purpose || p.purposes.includes(filter.purpose)) &&
          (filter.area === undefined || servesArea(p, filter.area)) &&
          (!q || p.name.toLocaleLowerCase('de').includes(q)),
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'de') || (a.agencyId < b.agencyId ? -1 : 1));
  }
}

/**
 * Whether a partner serves an area: a district matches case-insensitively; a postcode (digits) matches
 * every postcode prefix it starts with, so "13347" finds a partner for "133".
 */
export function servesArea(partner: Pick<PartnerEntry, 'areas'>, area: string): boolean {
  const wanted = area.trim().toLocaleLowerCase('de');
  if (wanted === '') return false;
  const postcode = /^\d+$/.test(wanted);
  return partner.areas.some((a) => {
    const served = a.toLocaleLowerCase('de');
    return served === wanted || (postcode && /^\d+$/.test(served) && wanted.startsWith(served));
  });
}

/**
 * The last day on which an entry reviewed on `lastReviewedAt` is still fresh: the same day twelve
 * months later (28 February for a review on 29 February).
 */
export function reviewDueBy(lastReviewedAt: string): string {
  const [year = 0, month = 1, day = 1] = lastReviewedAt.split('-').map(Number);
  const lastDayOfMonth = new Date(Date.UTC(year + 1, month, 0)).getUTCDate();
  return `${String(year + 1).padStart(4, '0')}-${pad(month)}-${pad(Math.min(day, lastDayOfMonth))}`;
}

/** An entry not reviewed for more than 12 months, counted in UTC days of `now`, is stale. */
export function isStale(lastReviewedAt: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) > reviewDueBy(lastReviewedAt);
}

/** The partner as answered at `now`. */
export function partnerView(partner: Partner, now: Date): PartnerView {
  return { ...partner, stale: isStale(partner.lastReviewedAt, now) };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Checks a parsed partner file of the form `{ "partners": [{ "agencyId", "services", "purposes",
 * "areas", "legalDomain", "contactPersons": [{ "name", "function", "phone", "email" }], "lastReviewedAt" }] }`
 * and returns its entries. Throws an Error naming the first bad field; `source` goes into the message.
 */
export function parsePartners(input: unknown, source = 'partner directory'): PartnerEntry[] {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  if (!isRecord(input) || !Array.isArray(input['partners'])) return fail('expected an object with a "partners" array');
  return input['partners'].map((entry: unknown, index): PartnerEntry => {
    const at = `partners[${index}]`;
    if (!isRecord(entry)) return fail(`${at} must be an object`);
    const text = (value: unknown, field: string): string =>
      typeof value === 'string' && value.trim() !== '' && value.length <= 200
        ? value.trim()
        : fail(`${field} must be a non-empty string of at most 200 characters`);
    const nonEmptyList = (value: unknown, field: string): unknown[] =>
      Array.isArray(value) && value.length > 0 ? value : fail(`${field} must be a non-empty array`);
    const oneOf =
      <T extends string>(allowed: readonly T[], field: string) =>
      (value: unknown, i: number): T =>
        allowed.includes(value as T)
          ? (value as T)
          : fail(`${field}[${i}] must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);

    const agencyId = text(entry['agencyId'], `${at}.agencyId`);
    const services = nonEmptyList(entry['services'], `${at}.services`).map(oneOf(PARTNER_SERVICES, `${at}.services`));
    const purposes = nonEmptyList(entry['purposes'], `${at}.purposes`).map(oneOf(PARTNER_PURPOSES, `${at}.purposes`));
    const areas = nonEmptyList(entry['areas'], `${at}.areas`).map((a, i) => text(a, `${at}.areas[${i}]`));
    const legalDomain = entry['legalDomain'];
    if (!LEGAL_DOMAINS.includes(legalDomain as LegalDomain)) {
      return fail(`${at}.legalDomain must be one of ${LEGAL_DOMAINS.join(', ')}, got ${JSON.stringify(legalDomain)}`);
    }
    const contacts = entry['contactPersons'];
    if (!Array.isArray(contacts)) return fail(`${at}.contactPersons must be an array`);
    const contactPersons = contacts.map((c: unknown, i): PartnerContactPerson => {
      const where = `${at}.contactPersons[${i}]`;
      if (!isRecord(c)) return fail(`${where} must be an object`);
      const phone = c['phone'] === undefined || c['phone'] === null ? null : text(c['phone'], `${where}.phone`);
      const email = c['email'] === undefined || c['email'] === null ? null : text(c['email'], `${where}.email`);
      if (phone === null && email === null) fail(`${where} needs a phone or an email`);
      if (phone !== null && !PHONE.test(phone))
        fail(`${where}.phone must be a phone number, got ${JSON.stringify(phone)}`);
      if (email !== null && !EMAIL.test(email))
        fail(`${where}.email must be an email address, got ${JSON.stringify(email)}`);
      return {
        name: text(c['name'], `${where}.name`),
        function: text(c['function'], `${where}.function`),
        phone,
        email,
      };
    });
    const lastReviewedAt = entry['lastReviewedAt'];
    if (typeof lastReviewedAt !== 'string' || !isCalendarDate(lastReviewedAt)) {
      return fail(`${at}.lastReviewedAt must be a date as YYYY-MM-DD, got ${JSON.stringify(lastReviewedAt)}`);
    }
    return {
      agencyId,
      services: [...new Set(services)],
      purposes: [...new Set(purposes)],
      areas: [...new Set(areas)],
      legalDomain: legalDomain as LegalDomain,
      contactPersons,
      lastReviewedAt,
    };
  });
}

/**
 * Reads a partner directory from a JSON file (see `parsePartners`); every entry must name an agency of
 * `directory`. Errors name the file.
 */
export function loadPartnerDirectory(path: string, directory: Directory): PartnerDirectory {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`partner directory ${path}: cannot read JSON (${(error as Error).message})`, { cause: error });
  }
  const entries = parsePartners(input, `partner directory ${path}`);
  try {
    return new PartnerDirectory(directory, entries);
  } catch (error) {
    throw new Error(`partner directory ${path}: ${(error as Error).message}`, { cause: error });
  }
}

const PHONE = /^\+?[0-9][0-9 ()/-]{2,29}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const contact = (name: string, fn: string, phone: string, email: string): PartnerContactPerson => ({
  name,
  function: fn,
  phone,
  email,
});

/** The partners of the embedded (demo) profile: every agency of DEMO_DIRECTORY. */
export const DEMO_PARTNER_DIRECTORY = new PartnerDirectory(DEMO_DIRECTORY, [
  {
    agencyId: 'jobcenter-mitte',
    services: ['job_placement', 'vocational_training'],
    purposes: ['integration', 'coordination', 'health_promotion', 'aftercare'],
    areas: ['Mitte', '101'],
    legalDomain: 'SGB II',
    contactPersons: [
      contact(
        'Sabine Krüger',
        'Teamleitung Fallmanagement',
        '+49 30 5550 1001',
        'fallmanagement@jobcenter-mitte.example',
      ),
    ],
    lastReviewedAt: '2026-09-15',
  },
  {
    agencyId: 'jugendamt-mitte',
    services: ['youth_welfare_service', 'family_counselling'],
    purposes: ['youth_support', 'child_protection', 'coordination'],
    areas: ['Mitte', '101'],
    legalDomain: 'SGB VIII',
    contactPersons: [
      contact(
        'Thomas Berger',
        'Regionaler Sozialpädagogischer Dienst',
        '+49 30 5550 2001',
        'rsd@jugendamt-mitte.example',
      ),
    ],
    lastReviewedAt: '2026-03-02',
  },
  {
    agencyId: 'praxis-yilmaz',
    services: ['psychotherapy'],
    purposes: ['health_promotion', 'rehabilitation'],
    areas: ['Mitte'],
    legalDomain: 'SGB V',
    contactPersons: [
      contact('Dr. Deniz Yilmaz', 'Psychologische Psychotherapeutin', '+49 30 5550 3001', 'praxis@yilmaz.example'),
    ],
    lastReviewedAt: '2026-06-20',
  },
  {
    agencyId: 'suchtberatung-nord',
    services: ['addiction_counselling'],
    purposes: ['health_promotion', 'coordination', 'aftercare'],
    areas: ['Nord', '133'],
    legalDomain: 'none',
    contactPersons: [
      contact('Emil Schröder', 'Suchtberater', '+49 30 5550 4001', 'beratung@suchtberatung-nord.example'),
      contact('Petra Lange', 'Leitung', '+49 30 5550 4000', 'leitung@suchtberatung-nord.example'),
    ],
    lastReviewedAt: '2026-05-04',
  },
  {
    agencyId: 'drv-nord',
    services: ['rehabilitation'],
    purposes: ['rehabilitation', 'coordination', 'aftercare'],
    areas: ['Nord', 'Mitte'],
    legalDomain: 'SGB VI',
    contactPersons: [contact('Jana Wolff', 'Reha-Fachberatung', '+49 40 5550 5001', 'reha-beratung@drv-nord.example')],
    lastReviewedAt: '2026-01-12',
  },
  {
    agencyId: 'schuldnerberatung-mitte',
    services: ['debt_counselling'],
    purposes: ['integration', 'coordination', 'aftercare'],
    areas: ['Mitte', '101'],
    legalDomain: 'none',
    contactPersons: [
      contact(
        'Markus Hahn',
        'Schuldner- und Insolvenzberater',
        '+49 30 5550 6001',
        'termin@schuldnerberatung-mitte.example',
      ),
    ],
    lastReviewedAt: '2026-08-01',
  },
  {
    agencyId: 'sportverein-nord',
    services: ['sport_club', 'health_course'],
    purposes: ['health_promotion', 'aftercare'],
    areas: ['Nord', '133'],
    legalDomain: 'none',
    contactPersons: [
      contact('Ayşe Demir', 'Übungsleiterin Gesundheitssport', '+49 30 5550 7001', 'gesundheit@sv-nord.example'),
    ],
    lastReviewedAt: '2025-06-30',
  },
  {
    agencyId: 'vhs-mitte',
    services: ['adult_education'],
    purposes: ['integration', 'health_promotion'],
    areas: ['Mitte', 'Nord'],
    legalDomain: 'none',
    contactPersons: [
      contact('Lena Vogt', 'Programmbereich Grundbildung', '+49 30 5550 8001', 'grundbildung@vhs-mitte.example'),
    ],
    lastReviewedAt: '2026-10-07',
  },
]);
