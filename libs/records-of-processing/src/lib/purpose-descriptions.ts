import { type Purpose } from '@fallverbund/kernel';

/** How one purpose is described in the record: its name, what it is for, and its legal bases. */
export interface PurposeDescription {
  readonly name: { readonly de: string; readonly en: string };
  readonly description: { readonly de: string; readonly en: string };
  readonly legalBases: readonly string[];
}

const CONSENT_BASES = ['Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO, § 67b Abs. 2 SGB X (Einwilligung)'];

/**
 * The processing activities of the record, one per purpose of the access policy. A purpose of the
 * policy without an entry here has no record, and `recordGaps` says so.
 */
export const PURPOSE_DESCRIPTIONS: Readonly<Partial<Record<Purpose, PurposeDescription>>> = Object.freeze({
  integration: {
    name: { de: 'Eingliederung in Arbeit', en: 'Integration into work' },
    description: {
      de: 'Beratung, Vermittlung und Eingliederungsleistungen für erwerbsfähige Leistungsberechtigte.',
      en: 'Counselling, placement and integration benefits for people able to work.',
    },
    legalBases: [
      '§ 67a–67c SGB X mit §§ 14–16 SGB II bzw. SGB III / SGB XII der verantwortlichen Stelle',
      ...CONSENT_BASES,
    ],
  },
  coordination: {
    name: { de: 'Fallkoordination', en: 'Case coordination' },
    description: {
      de: 'Abstimmung der beteiligten Stellen im Verbund: Team, Kontakte, Kooperationsplan, Vermittlungen.',
      en: 'Coordination of the agencies in the network: team, contacts, cooperation plan, referrals.',
    },
    legalBases: ['§ 67a–67c SGB X mit der Aufgabennorm der verantwortlichen Stelle', ...CONSENT_BASES],
  },
  health_promotion: {
    name: { de: 'Gesundheitsförderung', en: 'Health promotion' },
    description: {
      de: 'Gesundheitsorientierte Beratung und Vermittlung zu Gesundheits- und Suchthilfeangeboten.',
      en: 'Health-oriented counselling and referral to health and addiction services.',
    },
    legalBases: ['§ 67a–67c SGB X mit § 20 SGB V bzw. § 16a SGB II', ...CONSENT_BASES],
  },
  rehabilitation: {
    name: { de: 'Rehabilitation und Teilhabe', en: 'Rehabilitation and participation' },
    description: {
      de: 'Leistungen zur medizinischen und beruflichen Rehabilitation und Teilhabe.',
      en: 'Medical and vocational rehabilitation and participation benefits.',
    },
    legalBases: ['§ 67a–67c SGB X mit §§ 9–16 SGB VI, SGB IX', ...CONSENT_BASES],
  },
  youth_support: {
    name: { de: 'Kinder- und Jugendhilfe', en: 'Youth support' },
    description: {
      de: 'Hilfen nach dem SGB VIII für junge Menschen und ihre Familien.',
      en: 'Help under SGB VIII for young people and their families.',
    },
    legalBases: ['§§ 61–65 SGB VIII mit § 67a–67c SGB X', ...CONSENT_BASES],
  },
  child_protection: {
    name: { de: 'Schutzauftrag bei Kindeswohlgefährdung', en: 'Child protection' },
    description: {
      de: 'Gefährdungseinschätzung des Jugendamts; Zugriff nur mit schriftlich begründeter Erklärung (72 Stunden).',
      en: "The youth office's risk assessment; access only with a written, justified declaration (72 hours).",
    },
    legalBases: ['§ 8a SGB VIII, § 65 Abs. 1 Nr. 4 SGB VIII'],
  },
  case_conference: {
    name: { de: 'Fallkonferenzen', en: 'Case conferences' },
    description: {
      de: 'Gemeinsame Fallkonferenzen der beteiligten Stellen, pseudonymisiert ohne Einwilligung.',
      en: 'Joint case conferences of the agencies involved, pseudonymised without consent.',
    },
    legalBases: ['§ 67a–67c SGB X mit der Aufgabennorm der verantwortlichen Stelle', ...CONSENT_BASES],
  },
  aftercare: {
    name: { de: 'Nachbetreuung', en: 'Aftercare' },
    description: {
      de: 'Begleitung nach der Eingliederung oder dem Abschluss einer Hilfe.',
      en: 'Support after integration or the end of a help.',
    },
    legalBases: [
      '§ 67a–67c SGB X mit § 16g SGB II bzw. der Aufgabennorm der verantwortlichen Stelle',
      ...CONSENT_BASES,
    ],
  },
  evaluation: {
    name: { de: 'Auswertung', en: 'Evaluation' },
    description: {
      de: 'Anonymisierte Kennzahlen über die Fälle der eigenen Stelle; keine Einzelfalldaten.',
      en: "Anonymised figures over the agency's own cases; no data of a single case.",
    },
    legalBases: ['Keine personenbezogenen Daten im Ergebnis (Anonymisierung, ErwGr. 26 DSGVO)'],
  },
  audit: {
    name: { de: 'Datenschutzkontrolle', en: 'Data protection audit' },
    description: {
      de: 'Protokollierung jedes Zugriffs und Kontrolle durch die oder den Datenschutzbeauftragten; keine Fallinhalte.',
      en: 'Logging of every access and its review by the data protection officer; no case content.',
    },
    legalBases: ['Art. 5 Abs. 2, Art. 32, Art. 39 DSGVO', '§ 67c Abs. 3 SGB X (Kontrolle ist keine Zweckänderung)'],
  },
});
