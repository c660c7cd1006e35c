import { type AuditEntry, type AuditRecord, type Checkpoint } from '@fallverbund/audit-log';
import { refusalOf } from './refusal-entry';

/** One consultation or receipt of the person's data, as the access log holds it. */
export interface ReportedAccess {
  /** Position in the audit log; with an inclusion proof it shows the entry is in the signed log. */
  readonly index: number;
  readonly occurredAt: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly recipient: { readonly userId: string; readonly name?: string; readonly role: string };
  readonly action: string;
  readonly categories: readonly string[];
  readonly purpose: string;
  readonly legalBasis: readonly string[];
  /** The data left the agency that leads the case. */
  readonly disclosure: boolean;
  /** Opened under § 8a SGB VIII without consent. */
  readonly breakGlass: boolean;
}

/** Everything one agency did with the person's data, summed up. */
export interface ReportedRecipient {
  readonly agencyId: string;
  readonly agencyName: string;
  readonly agencyType?: string;
  readonly people: readonly { readonly userId: string; readonly name?: string }[];
  readonly categories: readonly string[];
  readonly purposes: readonly string[];
  readonly legalBases: readonly string[];
  readonly accesses: number;
  readonly firstAccess: string;
  readonly lastAccess: string;
  readonly disclosure: boolean;
}

/** A consent of the case as the report words it: its form and date, never its id. */
export interface ReportedConsent {
  readonly consentId: string;
  readonly form: 'written' | 'electronic' | 'verbal';
  readonly grantedBy: 'participant' | 'legal_guardian' | 'entrusting_person';
  readonly grantedAt: string;
}

/** What an Art. 19 notice was about. */
export type NotifiedTrigger = 'participant_erased' | 'categories_erased' | 'restricted' | 'restriction_lifted';

/** One recipient told of an erasure or restriction (Art. 19 GDPR), from `RecipientsNotified` on the case. */
export interface ReportedNotification {
  readonly recipient: { readonly kind: 'agency' | 'partner_stream'; readonly id: string; readonly name: string };
  readonly trigger: NotifiedTrigger;
  readonly categories: readonly string[];
  readonly notifiedAt: string;
  /** "Mitteilung nach Art. 19 DSGVO an … am …: …" */
  readonly line: string;
}

const NOTIFIED_WHAT: Record<NotifiedTrigger, string> = {
  participant_erased: 'Löschung Ihrer Daten',
  categories_erased: 'Löschung von Daten',
  restricted: 'Einschränkung der Verarbeitung',
  restriction_lifted: 'Aufhebung der Einschränkung',
};

/** The report's line of one notice, in German: "Mitteilung nach Art. 19 DSGVO an Jugendamt Mitte am 5. Dezember 2026: Löschung Ihrer Daten". */
export const art19Line = (recipientName: string, trigger: NotifiedTrigger, notifiedAt: string): string =>
  `Mitteilung nach Art. 19 DSGVO an ${recipientName} am ${day(notifiedAt)}: ${NOTIFIED_WHAT[trigger]}`;

/** The notices of a case's `RecipientsNotified` events, one per recipient, oldest first. */
export const notificationsOf = (
  events: Iterable<{ type: string; data: unknown }>,
  agencyName: (agencyId: string) => string,
): ReportedNotification[] => {
  const notices: ReportedNotification[] = [];
  for (const event of events) {
    if (event.type !== 'RecipientsNotified') continue;
    const data = event.data as {
      trigger: NotifiedTrigger;
      categories: string[];
      agencyIds: string[];
      partnerSubscriberIds: string[];
      notifiedAt: string;
    };
    const recipients = [
      ...data.agencyIds.map((id) => ({ kind: 'agency' as const, id, name: agencyName(id) })),
      ...data.partnerSubscriberIds.map((id) => ({ kind: 'partner_stream' as const, id, name: `Datenstrom ${id}` })),
    ];
    for (const recipient of recipients)
      notices.push({
        recipient,
        trigger: data.trigger,
        categories: [...data.categories],
        notifiedAt: data.notifiedAt,
        line: art19Line(recipient.name, data.trigger, data.notifiedAt),
      });
  }
  return notices;
};

/** What the report says about the case beyond the log: whom it is for, its consents and conferences. */
export interface ReportSubject {
  /** The participant the report is addressed to; null once their data were erased. */
  readonly participant: { readonly givenName: string; readonly familyName: string; readonly birthDate?: string } | null;
  readonly consents: readonly ReportedConsent[];
  readonly conferences: readonly { readonly conferenceId: string; readonly plannedFor: string }[];
  /** Recipients told of an erasure or restriction (Art. 19 GDPR). */
  readonly notifications?: readonly ReportedNotification[];
}

/**
 * The answer to "who received or consulted my data, when, why and on which basis" (Art. 15 GDPR,
 * § 83 SGB X) for one case, from the tamper-evident access log. The JSON keeps the log's codes and
 * ids, for the DPO to follow an entry up; the page for the participant says everything in words.
 */
export interface AccessReport {
  readonly caseId: string;
  readonly participant: ReportSubject['participant'];
  readonly consents: ReportSubject['consents'];
  readonly conferences: ReportSubject['conferences'];
  /** Art. 19 GDPR: each recipient told of an erasure or restriction, one line each. */
  readonly notifications: readonly ReportedNotification[];
  readonly generatedAt: string;
  readonly recipients: readonly ReportedRecipient[];
  readonly accesses: readonly ReportedAccess[];
  /** Refused attempts to access the case (401, 403, 404): no data were shown, they are counted for completeness. */
  readonly refusedAttempts: number;
  /** Requests refused for their input (400, 409, 412, …): nothing was read or changed; counted apart. */
  readonly refusedRequests: number;
  /**
   * Accesses left out because they reveal a category the reader of the report may not read under the
   * declared purpose (a caseworker's copy; the data protection officer's report is complete).
   */
  readonly withheldAccesses: number;
  /** The log the report was drawn from: its size and root, and the newest signed checkpoint. */
  readonly log: { readonly treeSize: number; readonly rootHash: string; readonly checkpoint: Checkpoint | null };
}

export interface ReportDirectory {
  agency(id: string): { readonly name: string; readonly type: string } | undefined;
  personName(userId: string): string | undefined;
}

/**
 * Builds the report from the case's log records in index order. Only permitted accesses that
 * touched at least one data category count as consultations; refusals are counted; the work of
 * data protection officers on the log itself (no category) is left out.
 */
export function buildAccessReport(
  caseId: string,
  subject: ReportSubject,
  records: Iterable<AuditRecord>,
  directory: ReportDirectory,
  log: AccessReport['log'],
  generatedAt: Date,
  /** Whether the reader may see this access (its categories, its agency); every access when absent. */
  disclose: (entry: AuditEntry) => boolean = () => true,
): AccessReport {
  const accesses: ReportedAccess[] = [];
  let refusedAttempts = 0;
  let refusedRequests = 0;
  let withheldAccesses = 0;
  for (const { index, entry } of records) {
    if (!entry || entry.caseRef !== caseId) continue;
    const refusal = refusalOf(entry);
    if (refusal === 'access') refusedAttempts += 1;
    if (refusal === 'request') refusedRequests += 1;
    if (refusal) continue;
    if (entry.categories.length === 0) continue;
    if (!disclose(entry)) {
      withheldAccesses += 1;
      continue;
    }
    const name = directory.personName(entry.actor.userId);
    accesses.push({
      index,
      occurredAt: entry.occurredAt,
      agency: { id: entry.actor.agencyId, name: directory.agency(entry.actor.agencyId)?.name ?? entry.actor.agencyId },
      recipient: { userId: entry.actor.userId, ...(name ? { name } : {}), role: entry.actor.role },
      action: entry.action,
      categories: entry.categories,
      purpose: entry.purpose,
      legalBasis: entry.legalBasis,
      disclosure: entry.disclosure,
      breakGlass: entry.breakGlass,
    });
  }
  const byAgency = new Map<string, ReportedAccess[]>();
  for (const access of accesses) byAgency.set(access.agency.id, [...(byAgency.get(access.agency.id) ?? []), access]);
  const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();
  const recipients = [...byAgency.entries()].map(([agencyId, list]): ReportedRecipient => {
    const agency = directory.agency(agencyId);
    const people = new Map<string, string | undefined>();
    for (const a of list) people.set(a.recipient.userId, a.recipient.name);
    return {
      agencyId,
      agencyName: agency?.name ?? agencyId,
      ...(agency ? { agencyType: agency.type } : {}),
      people: [...people.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([userId, name]) => ({ userId, ...(name ? { name } : {}) })),
      categories: sortedUnique(list.flatMap((a) => a.categories)),
      purposes: sortedUnique(list.map((a) => a.purpose)),
      legalBases: sortedUnique(list.flatMap((a) => a.legalBasis)),
      accesses: list.length,
      firstAccess: (list[0] as ReportedAccess).occurredAt,
      lastAccess: (list[list.length - 1] as ReportedAccess).occurredAt,
      disclosure: list.some((a) => a.disclosure),
    };
  });
  return {
    caseId,
    participant: subject.participant,
    consents: subject.consents,
    conferences: subject.conferences,
    notifications: subject.notifications ?? [],
    generatedAt: generatedAt.toISOString(),
    recipients,
    accesses,
    refusedAttempts,
    refusedRequests,
    withheldAccesses,
    log,
  };
}

/** German words for the data categories, as the participant reads them. */
export const CATEGORY_LABELS: Record<string, string> = {
  identity: 'Angaben zur Person',
  case_admin: 'Verwaltungsdaten des Falls',
  contacts: 'Kontakte und Gespräche',
  plan: 'Kooperationsplan',
  referrals: 'Vermittlungen',
  progress: 'Entwicklung und Einschätzungen',
  health: 'Gesundheitsdaten',
  youth_welfare: 'Daten der Jugendhilfe',
  finances: 'Finanzielle Situation',
  addiction: 'Suchtberatung',
};

/** German words for the purposes. */
export const PURPOSE_LABELS: Record<string, string> = {
  integration: 'Eingliederung in Arbeit',
  coordination: 'Koordination',
  health_promotion: 'Gesundheitsförderung',
  rehabilitation: 'Rehabilitation',
  youth_support: 'Hilfe durch die Jugendhilfe',
  child_protection: 'Kinderschutz',
  case_conference: 'Fallkonferenz',
  aftercare: 'Nachbetreuung',
  evaluation: 'Auswertung (anonymisiert)',
  audit: 'Datenschutzkontrolle',
};

/** German words for the staff roles. */
export const ROLE_LABELS: Record<string, string> = {
  caseworker: 'Fachkraft',
  team_lead: 'Teamleitung',
  health_professional: 'Gesundheitsfachkraft',
  partner_staff: 'Fachkraft der Partnerstelle',
  data_protection_officer: 'Datenschutzbeauftragte Person',
};

/** German words for the audited actions. */
export const ACTION_LABELS: Record<string, string> = {
  read: 'Daten eingesehen',
  list: 'in einer Fallliste angezeigt',
  open_case: 'Fall angelegt',
  add_team_member: 'Fallteam erweitert',
  grant_consent: 'Einwilligung erfasst',
  withdraw_consent: 'Widerruf der Einwilligung erfasst',
  record_contact: 'Kontakt erfasst',
  correct_contact: 'Kontakt berichtigt',
  record_health_note: 'Gesundheitsnotiz erfasst',
  record_entrusted_note: 'Anvertraute Mitteilung erfasst',
  declare_child_protection: 'Kinderschutz erklärt',
  send_referral: 'Vermittlung gesendet',
  refer: 'Vermittlung gesendet',
  accept_referral: 'Vermittlung angenommen',
  decline_referral: 'Vermittlung abgelehnt',
  cancel_referral: 'Vermittlung zurückgezogen',
  record_first_appointment: 'Ersttermin erfasst',
  complete_referral: 'Vermittlung abgeschlossen',
  draft_plan_version: 'Kooperationsplan entworfen',
  agree_plan_version: 'Zustimmung zum Kooperationsplan erfasst',
  dispute_plan: 'Einwand gegen den Kooperationsplan erfasst',
  request_mediation: 'Schlichtung beantragt',
  conclude_mediation: 'Schlichtung abgeschlossen',
  complete_plan_step: 'Schritt des Kooperationsplans erledigt',
  schedule_conference: 'Fallkonferenz angesetzt',
  agree_to_conference: 'Zustimmung zur Fallkonferenz erfasst',
  record_minutes: 'Protokoll der Fallkonferenz erfasst',
  assess_progress: 'Entwicklung eingeschätzt',
  start_aftercare: 'Nachbetreuung begonnen',
  close_case: 'Fall abgeschlossen',
  reopen_case: 'Fall wieder eröffnet',
  erase_participant_data: 'Ihre Daten gelöscht',
  erase_category_data: 'Ihre Daten einzelner Kategorien gelöscht',
  access_report: 'diese Auskunft erstellt',
};

/**
 * A code the page has no words for yet (a new action, a new purpose) is said in general words, never
 * shown as it is: the participant reads German, not our vocabulary. The JSON report keeps the code.
 */
const FALLBACK = {
  action: 'Bearbeitung der Fallakte',
  category: 'weitere Daten',
  purpose: 'weiterer Zweck',
  role: 'Mitarbeiterin oder Mitarbeiter',
  basis: 'weitere Rechtsgrundlage (im Protokoll verzeichnet)',
};

const CONSENT_FORMS: Record<ReportedConsent['form'], string> = {
  written: 'schriftliche',
  electronic: 'elektronische',
  verbal: 'mündliche',
};

/** The text with &, <, >, " and ' escaped for HTML. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const wordFor = (labels: Record<string, string>, code: string, fallback: string): string =>
  escapeHtml(Object.hasOwn(labels, code) ? (labels[code] as string) : fallback);

const when = (iso: string): string =>
  new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });

/** "4. Dezember 2026". */
const day = (iso: string): string =>
  new Date(iso).toLocaleDateString('de-DE', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  });

const consentText = (consent: ReportedConsent | undefined): string => {
  if (!consent) return 'eine Einwilligung';
  const form = CONSENT_FORMS[consent.form];
  const date = day(consent.grantedAt);
  switch (consent.grantedBy) {
    case 'participant':
      return `Ihre ${form} Einwilligung vom ${date}`;
    case 'legal_guardian':
      return `die ${form} Einwilligung Ihrer gesetzlichen Vertretung vom ${date}`;
    case 'entrusting_person':
      return `die ${form} Einwilligung der Person, die die Information anvertraut hat, vom ${date}`;
  }
};

/** The legal basis in the participant's words: consents by form and date, conferences by date, no ids. */
export function legalBasisInWords(basis: string, subject: Pick<ReportSubject, 'consents' | 'conferences'>): string {
  const idAfter = (prefix: string) => basis.slice(prefix.length);
  const conferenceDay = (id: string) => {
    const conference = subject.conferences.find((c) => c.conferenceId === id);
    return conference ? ` am ${day(conference.plannedFor)}` : '';
  };
  if (basis === 'team') return 'gesetzliche Aufgabe der fallführenden Stelle (§ 35 SGB I)';
  if (basis.startsWith('consent:'))
    return consentText(subject.consents.find((c) => c.consentId === idAfter('consent:')));
  if (basis.startsWith('§8a SGB VIII')) return 'Schutzauftrag bei Kindeswohlgefährdung (§ 8a SGB VIII)';
  if (basis.startsWith('§67c Abs. 3 SGB X')) return 'Aufsicht der Teamleitung über die Fallarbeit (§ 67c Abs. 3 SGB X)';
  if (basis === 'team_lead') return 'Teamübersicht der Teamleitung (§ 67c Abs. 3 SGB X)';
  if (basis.startsWith('conference invitation:'))
    return `Einladung der Stelle zur Fallkonferenz${conferenceDay(idAfter('conference invitation:'))}`;
  if (basis.startsWith('conference agreement:'))
    return `Ihre Zustimmung zur Fallkonferenz${conferenceDay(idAfter('conference agreement:'))}`;
  if (basis.startsWith('§78 Abs. 1 SGB X')) return 'Akte der Partnerstelle zu Ihrer Vermittlung (§ 78 Abs. 1 SGB X)';
  if (basis.startsWith('Art. 15 GDPR')) return 'Auskunft an Sie (Art. 15 DSGVO, § 83 SGB X)';
  if (basis.startsWith('Art. 39 GDPR')) return 'Kontrolle durch die Datenschutzbeauftragte Person (Art. 39 DSGVO)';
  if (basis.startsWith('Art. 89 GDPR')) return 'Statistik aus anonymisierten Daten (Art. 89 DSGVO)';
  return FALLBACK.basis;
}

const roleOf = (role: string): string => wordFor(ROLE_LABELS, role, FALLBACK.role);

/** "Fachkraft (2 Personen), Teamleitung": the people of one agency by role, never by user id. */
const peopleByRole = (people: readonly { readonly role: string }[]): string => {
  const counts = new Map<string, number>();
  for (const p of people) counts.set(p.role, (counts.get(p.role) ?? 0) + 1);
  return [...counts.entries()].map(([role, n]) => `${roleOf(role)}${n > 1 ? ` (${n} Personen)` : ''}`).join('<br>');
};

const participantLine = (participant: AccessReport['participant']): string => {
  if (!participant) return '<p class="for">Die Angaben zu Ihrer Person sind gelöscht.</p>';
  const name = escapeHtml(`${participant.givenName} ${participant.familyName}`);
  const born = participant.birthDate ? `, geboren am ${escapeHtml(day(`${participant.birthDate}T12:00:00Z`))}` : '';
  return `<p class="for">Für: <strong>${name}</strong>${born}</p>`;
};

/**
 * The report as a self-contained page in plain German that a caseworker or the data protection
 * officer prints and hands over: the participant is named at the top; actions, roles, purposes and
 * legal bases are in words; people appear as role and agency, consents by form and date. Every
 * value is escaped; the page loads nothing from elsewhere; print CSS lays it out on A4.
 */
export function renderAccessReportHtml(report: AccessReport): string {
  const basesOf = (bases: readonly string[], joiner: string) =>
    [...new Set(bases.map((b) => legalBasisInWords(b, report)))].map(escapeHtml).join(joiner);
  const rolesOf = (agencyId: string) => {
    const seen = new Map<string, string>();
    for (const a of report.accesses) if (a.agency.id === agencyId) seen.set(a.recipient.userId, a.recipient.role);
    return [...seen.values()].map((role) => ({ role }));
  };
  const recipients = report.recipients
    .map(
      (r) => `
      <tr>
        <td>${escapeHtml(r.agencyName)}</td>
        <td>${peopleByRole(rolesOf(r.agencyId))}</td>
        <td>${r.categories.map((c) => wordFor(CATEGORY_LABELS, c, FALLBACK.category)).join('<br>')}</td>
        <td>${r.purposes.map((p) => wordFor(PURPOSE_LABELS, p, FALLBACK.purpose)).join('<br>')}</td>
        <td>${basesOf(r.legalBases, '<br>')}</td>
        <td>${r.accesses}</td>
        <td>${escapeHtml(when(r.firstAccess))} bis ${escapeHtml(when(r.lastAccess))}</td>
      </tr>`,
    )
    .join('');
  const accesses = report.accesses
    .map(
      (a) => `
      <tr>
        <td>${escapeHtml(when(a.occurredAt))}</td>
        <td>${escapeHtml(a.agency.name)}</td>
        <td>${roleOf(a.recipient.role)}</td>
        <td>${wordFor(ACTION_LABELS, a.action, FALLBACK.action)}</td>
        <td>${a.categories.map((c) => wordFor(CATEGORY_LABELS, c, FALLBACK.category)).join(', ')}</td>
        <td>${wordFor(PURPOSE_LABELS, a.purpose, FALLBACK.purpose)}</td>
        <td>${basesOf(a.legalBasis, '; ')}${a.breakGlass ? ' <strong>(Kinderschutz ohne Einwilligung)</strong>' : ''}</td>
        <td>${a.index}</td>
      </tr>`,
    )
    .join('');
  const checkpoint = report.log.checkpoint
    ? `Der letzte signierte Prüfpunkt umfasst ${report.log.checkpoint.treeSize} Einträge (Wurzel ${escapeHtml(report.log.checkpoint.rootHash)}, ${escapeHtml(when(report.log.checkpoint.issuedAt))}).`
    : 'Es gibt noch keinen signierten Prüfpunkt.';
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Auskunft über Zugriffe auf Ihre Daten</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
  th, td { border: 1px solid #999; padding: .35rem .5rem; text-align: left; vertical-align: top; font-size: .9rem; }
  th { background: #eee; }
  .for { font-size: 1.1rem; }
  .small { font-size: .8rem; color: #444; overflow-wrap: anywhere; }
  @page { size: A4 landscape; margin: 14mm 12mm; }
  @media print {
    body { margin: 0; font-size: 10pt; }
    th, td { font-size: 8.5pt; padding: 2pt 4pt; }
    th { background: none; border-bottom: 2px solid #000; }
    thead { display: table-header-group; }
    tr, .for { break-inside: avoid; }
    h2 { break-after: avoid; }
  }
</style>
</head>
<body>
<h1>Auskunft über Zugriffe auf Ihre Daten</h1>
${participantLine(report.participant)}
<p>Diese Auskunft nach Art. 15 DSGVO und § 83 SGB X zeigt, welche Stellen Daten aus Ihrem Fall erhalten
oder eingesehen haben, in welcher Funktion, wann, wofür und auf welcher Rechtsgrundlage. Sie stammt aus
dem manipulationssicheren Zugriffsprotokoll der Plattform. Stand: ${escapeHtml(when(report.generatedAt))}.</p>
<h2>Wer Ihre Daten erhalten oder eingesehen hat</h2>
${
  report.recipients.length === 0
    ? '<p>Bisher hat niemand Daten aus Ihrem Fall eingesehen.</p>'
    : `<table>
  <thead><tr><th>Stelle</th><th>Personen (Funktion)</th><th>Daten</th><th>Zweck</th><th>Rechtsgrundlage</th><th>Zugriffe</th><th>Zeitraum</th></tr></thead>
  <tbody>${recipients}
  </tbody>
</table>`
}
<h2>Alle Zugriffe einzeln</h2>
${
  report.accesses.length === 0
    ? '<p>Keine.</p>'
    : `<table>
  <thead><tr><th>Zeitpunkt</th><th>Stelle</th><th>Person (Funktion)</th><th>Vorgang</th><th>Daten</th><th>Zweck</th><th>Rechtsgrundlage</th><th>Protokoll-Nr.</th></tr></thead>
  <tbody>${accesses}
  </tbody>
</table>`
}
${
  report.notifications.length === 0
    ? ''
    : `<h2>Mitteilungen an Empfänger (Art. 19 DSGVO)</h2>
<ul>${report.notifications
        .map(
          (n) => `
  <li>${escapeHtml(n.line)}</li>`,
        )
        .join('')}
</ul>`
}
<p>Abgelehnte Zugriffsversuche, bei denen keine Daten angezeigt wurden: ${report.refusedAttempts}.</p>${
    report.refusedRequests > 0
      ? `
<p>Anfragen, die wegen unvollständiger oder ungültiger Angaben nicht ausgeführt wurden (dabei wurden keine Daten gelesen oder geändert): ${report.refusedRequests}.</p>`
      : ''
  }${
    report.withheldAccesses > 0
      ? `
<p>Weitere Zugriffe betreffen Daten, die für den erklärten Zweck dieser Abfrage nicht einsehbar sind: ${report.withheldAccesses}.
Die vollständige Auskunft erteilt die oder der Datenschutzbeauftragte.</p>`
      : ''
  }
<p class="small">Das Protokoll hatte bei Erstellung ${report.log.treeSize} Einträge (Merkle-Wurzel
${escapeHtml(report.log.rootHash)}). ${checkpoint} Mit der Protokoll-Nr. kann die oder der
Datenschutzbeauftragte jeden Eintrag gegen einen signierten Prüfpunkt nachweisen.</p>
</body>
</html>
`;
}
