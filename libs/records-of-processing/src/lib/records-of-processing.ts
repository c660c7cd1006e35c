import {
  AGENCY_TYPES,
  type AgencyType,
  type DataCategory,
  type PartnerService,
  type Purpose,
} from '@fallverbund/kernel';
import { type EndAction, type RetentionDomain, type RetentionTable, type StartEvent } from '@fallverbund/retention';
import { PURPOSE_DESCRIPTIONS, type PurposeDescription } from './purpose-descriptions';

/** The access policy as the record needs it (tables 1 and 2 of docs/access-policy.md). */
export interface PolicyInput {
  readonly version: string;
  readonly statutory: Readonly<Record<AgencyType, readonly Purpose[]>>;
  readonly needs: Readonly<Partial<Record<Purpose, readonly DataCategory[]>>>;
}

/** The directory as the record needs it: agencies (controllers and recipients) and partner entries. */
export interface DirectoryInput {
  readonly agencies: readonly { readonly id: string; readonly name: string; readonly type: AgencyType }[];
  readonly partners: readonly {
    readonly agencyId: string;
    readonly services: readonly PartnerService[];
    readonly purposes: readonly Purpose[];
  }[];
}

/** How long one category is kept in one legal domain, from docs/retention.md. */
export interface RetentionPeriod {
  readonly domain: RetentionDomain;
  readonly classId: string;
  readonly period: string;
  readonly startsAt: StartEvent;
  readonly atTheEnd: EndAction;
  readonly legalSource: string;
}

/** A category of personal data processed for a purpose, with its retention in every controller's domain. */
export interface RecordCategory {
  readonly category: DataCategory;
  readonly retention: readonly RetentionPeriod[];
}

/** Who may receive data under a purpose, by which rule of the policy. */
export interface Recipient {
  readonly rule: 'team' | 'supervision' | 'consent' | 'referral' | 'child_protection' | 'data_protection_officer';
  readonly agencyTypes: readonly AgencyType[];
  /** The partner kinds (services of the partner directory) that may receive under this rule. */
  readonly partnerServices: readonly PartnerService[];
  readonly basis: string;
  readonly internal: boolean;
}

/** One processing activity (Art. 30 Abs. 1 DSGVO), one per purpose of the access policy. */
export interface ProcessingActivity {
  readonly purpose: Purpose;
  readonly name: PurposeDescription['name'];
  readonly description: PurposeDescription['description'];
  readonly legalBases: readonly string[];
  readonly controllers: readonly { readonly agencyId: string; readonly name: string; readonly type: AgencyType }[];
  /** The legal domains of the controllers' agency types: each category has a period in each. */
  readonly legalDomains: readonly RetentionDomain[];
  readonly dataSubjects: readonly DataSubject[];
  readonly categories: readonly RecordCategory[];
  readonly recipients: readonly Recipient[];
  readonly thirdCountryTransfers: 'none';
  readonly safeguards: readonly Safeguard[];
}

export type DataSubject = 'participants' | 'children_of_participants' | 'staff';

/** A technical or organisational measure (Art. 32 DSGVO) and the document that describes it. */
export interface Safeguard {
  readonly id: string;
  readonly de: string;
  readonly en: string;
  readonly source: string;
}

/** The record of processing activities (Verzeichnis von Verarbeitungstätigkeiten). */
export interface RecordsOfProcessing {
  readonly policyVersion: string;
  readonly retentionVersion: string;
  readonly activities: readonly ProcessingActivity[];
}

/** The measures named in docs/decisions.md and docs/operations.md; every activity has them all. */
export const SAFEGUARDS: readonly Safeguard[] = [
  {
    id: 'subject_key_encryption',
    de: 'Personenbezogene Felder sind je Person mit einem eigenen Schlüssel verschlüsselt, der von einem Master-Schlüssel außerhalb der Datenbank umhüllt wird; Löschung durch Vernichten des Schlüssels (Crypto-Shredding).',
    en: 'Personal fields are encrypted per person with a subject key wrapped by a master key kept outside the database; erasure destroys the key (crypto-shredding).',
    source: 'docs/decisions.md, docs/operations.md (ENCRYPTION_MASTER_KEY)',
  },
  {
    id: 'audit_log_merkle',
    de: 'Jeder Zugriff, erlaubt oder verweigert, steht im Zugriffsprotokoll, einem Merkle-Baum (RFC 6962) mit Ed25519-signierten Checkpoints; Einschluss- und Konsistenzbeweise für die DSB und die betroffene Person.',
    en: 'Every access, permitted or refused, is in the access log, a Merkle tree (RFC 6962) with Ed25519-signed checkpoints; inclusion and consistency proofs for the DPO and the person.',
    source: 'docs/decisions.md (issue 15), docs/operations.md (AUDIT_SIGNING_KEY_FILE)',
  },
  {
    id: 'purpose_binding',
    de: 'Zweckbindung: jede Anfrage nennt ihren Zweck (X-Purpose); die Zugriffsrichtlinie gibt nur die Kategorien frei, die der Zweck braucht (§ 67a–67c SGB X).',
    en: 'Purpose binding: every request declares its purpose (X-Purpose); the access policy grants only the categories the purpose needs (§ 67a–67c SGB X).',
    source: 'docs/access-policy.md',
  },
  {
    id: 'metadata_disclosure',
    de: 'Auch Metadaten (Vermittlungen, Einwilligungen, Zeitleiste) erreichen nur, wer jede offenbarte Kategorie lesen darf.',
    en: 'Metadata too (referrals, consents, timeline) reach only readers of every category they reveal.',
    source: 'docs/access-policy.md (Metadata is data too)',
  },
  {
    id: 'blind_index',
    de: 'Suche nach Name und Geburtsdatum über einen verschlüsselten Blindindex; kein Name wird zum Suchen entschlüsselt.',
    en: 'Search by name and birth date through a keyed blind index; no name is decrypted to search.',
    source: 'docs/decisions.md (Search by name and birth date)',
  },
  {
    id: 'retention',
    de: 'Aufbewahrungsfristen je Kategorie und Rechtskreis aus docs/retention.md; danach Löschung, Einschränkung (§ 84 SGB X) oder Anbieten an das Archiv.',
    en: 'Retention periods per category and legal domain from docs/retention.md; then erasure, restriction (§ 84 SGB X) or an offer to the archive.',
    source: 'docs/retention.md',
  },
];

const NEVER_TEAM: readonly Purpose[] = ['child_protection', 'evaluation', 'audit'];

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

const typesPursuing = (policy: PolicyInput, purpose: Purpose): AgencyType[] => {
  if (purpose === 'child_protection') return ['youth_office'];
  if (purpose === 'evaluation' || purpose === 'audit') return [...AGENCY_TYPES];
  return AGENCY_TYPES.filter((t) => policy.statutory[t].includes(purpose));
};

const recipientsOf = (
  purpose: Purpose,
  controllerTypes: readonly AgencyType[],
  needs: readonly DataCategory[],
  directory: DirectoryInput,
): Recipient[] => {
  const typeOf = new Map(directory.agencies.map((a) => [a.id, a.type]));
  const serving = directory.partners.filter((p) => p.purposes.includes(purpose));
  const servingTypes = unique(serving.flatMap((p) => typeOf.get(p.agencyId) ?? [])).sort();
  const servingServices = unique(serving.flatMap((p) => p.services)).sort();
  const recipients: Recipient[] = [];
  if (!NEVER_TEAM.includes(purpose)) {
    recipients.push(
      {
        rule: 'team',
        agencyTypes: controllerTypes,
        partnerServices: [],
        basis: 'team (§ 35 SGB I, need-to-know)',
        internal: true,
      },
      {
        rule: 'supervision',
        agencyTypes: controllerTypes,
        partnerServices: [],
        basis: '§67c Abs. 3 SGB X supervision',
        internal: true,
      },
    );
  }
  if (needs.length > 0) {
    recipients.push({
      rule: 'consent',
      agencyTypes: unique(directory.agencies.map((a) => a.type)).sort(),
      partnerServices: servingServices,
      basis: 'consent:<id> (Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO)',
      internal: false,
    });
  }
  if (needs.length > 0 && !NEVER_TEAM.includes(purpose) && serving.length > 0) {
    recipients.push({
      rule: 'referral',
      agencyTypes: servingTypes,
      partnerServices: servingServices,
      basis: 'consent:<id> (referral to a directory partner)',
      internal: false,
    });
  }
  if (purpose === 'child_protection') {
    recipients.push({
      rule: 'child_protection',
      agencyTypes: ['youth_office'],
      partnerServices: [],
      basis: '§8a SGB VIII declaration:<id>',
      internal: true,
    });
  }
  if (purpose === 'audit') {
    recipients.push({
      rule: 'data_protection_officer',
      agencyTypes: [...AGENCY_TYPES],
      partnerServices: [],
      basis: 'Art. 39 GDPR: data protection officer',
      internal: true,
    });
  }
  return recipients;
};

/**
 * Builds the record of processing activities from the access policy, the retention table and the
 * directory: one activity per purpose that has a description, with the categories the purpose may
 * need, each with its retention period in the legal domain of every controller type.
 */
export const buildRecordsOfProcessing = (
  policy: PolicyInput,
  retention: RetentionTable,
  directory: DirectoryInput,
  descriptions: Readonly<Partial<Record<Purpose, PurposeDescription>>> = PURPOSE_DESCRIPTIONS,
): RecordsOfProcessing => {
  const activities: ProcessingActivity[] = [];
  for (const [purpose, needed] of Object.entries(policy.needs) as [Purpose, readonly DataCategory[]][]) {
    const description = descriptions[purpose];
    if (!description) continue;
    const controllerTypes = typesPursuing(policy, purpose);
    const domains = unique(controllerTypes.map((t) => retention.domainOf[t]));
    const categories = needed.map((category): RecordCategory => ({
      category,
      retention: domains.flatMap((domain) =>
        retention.classes
          .filter((c) => c.domain === domain && c.categories.includes(category))
          .map((c) => ({
            domain,
            classId: c.id,
            period: c.period.iso,
            startsAt: c.startsAt,
            atTheEnd: c.atTheEnd,
            legalSource: c.legalSource,
          })),
      ),
    }));
    const dataSubjects: DataSubject[] = ['participants'];
    if (needed.includes('youth_welfare')) dataSubjects.push('children_of_participants');
    dataSubjects.push('staff');
    activities.push({
      purpose,
      name: description.name,
      description: description.description,
      legalBases: description.legalBases,
      controllers: directory.agencies
        .filter((a) => controllerTypes.includes(a.type))
        .map((a) => ({ agencyId: a.id, name: a.name, type: a.type })),
      legalDomains: domains,
      dataSubjects,
      categories,
      recipients: recipientsOf(purpose, controllerTypes, needed, directory),
      thirdCountryTransfers: 'none',
      safeguards: SAFEGUARDS,
    });
  }
  return { policyVersion: policy.version, retentionVersion: retention.version, activities };
};

/**
 * What the record lacks against the policy, in words; empty when complete: a purpose of the policy
 * without an activity, a category it may need without a retention period in a controller's domain,
 * an activity without legal basis or safeguards.
 */
export const recordGaps = (record: RecordsOfProcessing, policy: PolicyInput): string[] => {
  const problems: string[] = [];
  for (const [purpose, needed] of Object.entries(policy.needs) as [Purpose, readonly DataCategory[]][]) {
    const activity = record.activities.find((a) => a.purpose === purpose);
    if (!activity) {
      problems.push(`purpose ${purpose} has no processing activity`);
      continue;
    }
    if (activity.legalBases.length === 0) problems.push(`purpose ${purpose} names no legal basis`);
    if (activity.safeguards.length === 0) problems.push(`purpose ${purpose} names no safeguards`);
    for (const category of needed) {
      const entry = activity.categories.find((c) => c.category === category);
      for (const domain of activity.legalDomains) {
        if (!entry?.retention.some((r) => r.domain === domain)) {
          problems.push(`${category} under ${purpose} has no retention period in ${domain}`);
        }
      }
    }
  }
  return problems;
};
