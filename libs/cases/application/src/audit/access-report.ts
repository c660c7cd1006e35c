import { type AuditEntry, type AuditRecord, type Checkpoint } from '@fallverbund/audit-log';

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

/**
 * The answer to "who received or consulted my data, when, why and on which basis" (Art. 15 GDPR,
 * § 83 SGB X) for one case, from the tamper-evident access log.
 */
export interface AccessReport {
  readonly caseId: string;
  readonly generatedAt: string;
  readonly recipients: readonly ReportedRecipient[];
  readonly accesses: readonly ReportedAccess[];
  /** Refused attempts: no data were shown, they are counted for completeness. */
  readonly refusedAttempts: number;
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
  records: Iterable<AuditRecord>,
  directory: ReportDirectory,
  log: AccessReport['log'],
  generatedAt: Date,
  /** Whether the reader may see this access (its categories, its agency); every access when absent. */
  disclose: (entry: AuditEntry) => boolean = () => true,
): AccessReport {
  const accesses: ReportedAccess[] = [];
  let refusedAttempts = 0;
  let withheldAccesses = 0;
  for (const { index, entry } of records) {
    if (!entry || entry.caseRef !== caseId) continue;
    if (entry.decision === 'deny') {
      refusedAttempts += 1;
      continue;
    }
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
    generatedAt: generatedAt.toISOString(),
    recipients,
    accesses,
    refusedAttempts,
    withheldAccesses,
    log,
  };
}

const CATEGORY_LABELS: Record<string, string> = {
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

const PURPOSE_LABELS: Record<string, string> = {
  integration: 'Eingliederung in Arbeit',
  coordination: 'Abstimmung zwischen den Stellen',
  health_promotion: 'Gesundheitsförderung',
  rehabilitation: 'Rehabilitation',
  youth_support: 'Hilfe durch die Jugendhilfe',
  child_protection: 'Kinderschutz',
  case_conference: 'Fallkonferenz',
  aftercare: 'Nachbetreuung',
  evaluation: 'Auswertung (anonymisiert)',
  audit: 'Datenschutzkontrolle',
};

const ACTION_LABELS: Record<string, string> = {
  read: 'eingesehen',
  list: 'in einer Fallliste angezeigt',
  open_case: 'Fall angelegt',
  add_team_member: 'Fallteam geändert',
  grant_consent: 'Einwilligung erfasst',
  withdraw_consent: 'Widerruf erfasst',
  record_health_note: 'Gesundheitsnotiz erfasst',
  declare_child_protection: 'Kinderschutz erklärt',
};

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const label = (labels: Record<string, string>, code: string): string => escapeHtml(labels[code] ?? code);

const basisText = (basis: string): string => {
  if (basis === 'team') return 'gesetzliche Aufgabe der fallführenden Stelle (§ 69 SGB X)';
  if (basis.startsWith('consent:')) return `Ihre Einwilligung (Nr. ${basis.slice('consent:'.length)})`;
  return basis;
};

const when = (iso: string): string =>
  new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });

/**
 * The report as a self-contained page in plain German that a caseworker can print and hand over.
 * Every value is escaped; the page loads nothing from elsewhere.
 */
export function renderAccessReportHtml(report: AccessReport): string {
  const recipients = report.recipients
    .map(
      (r) => `
      <tr>
        <td>${escapeHtml(r.agencyName)}</td>
        <td>${r.people.map((p) => escapeHtml(p.name ?? p.userId)).join('<br>')}</td>
        <td>${r.categories.map((c) => label(CATEGORY_LABELS, c)).join('<br>')}</td>
        <td>${r.purposes.map((p) => label(PURPOSE_LABELS, p)).join('<br>')}</td>
        <td>${r.legalBases.map((b) => escapeHtml(basisText(b))).join('<br>')}</td>
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
        <td>${escapeHtml(a.recipient.name ?? a.recipient.userId)}</td>
        <td>${label(ACTION_LABELS, a.action)}</td>
        <td>${a.categories.map((c) => label(CATEGORY_LABELS, c)).join(', ')}</td>
        <td>${label(PURPOSE_LABELS, a.purpose)}</td>
        <td>${a.legalBasis.map((b) => escapeHtml(basisText(b))).join('; ')}${a.breakGlass ? ' <strong>(Kinderschutz ohne Einwilligung)</strong>' : ''}</td>
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
  .small { font-size: .8rem; color: #444; }
</style>
</head>
<body>
<h1>Auskunft über Zugriffe auf Ihre Daten</h1>
<p>Diese Auskunft nach Art. 15 DSGVO und § 83 SGB X zeigt, welche Stellen und welche Personen Daten aus
Ihrem Fall erhalten oder eingesehen haben, wann, wofür und auf welcher Rechtsgrundlage. Sie stammt aus
dem manipulationssicheren Zugriffsprotokoll der Plattform. Stand: ${escapeHtml(when(report.generatedAt))}.</p>
<h2>Wer Ihre Daten erhalten oder eingesehen hat</h2>
${
  report.recipients.length === 0
    ? '<p>Bisher hat niemand Daten aus Ihrem Fall eingesehen.</p>'
    : `<table>
  <thead><tr><th>Stelle</th><th>Personen</th><th>Daten</th><th>Zweck</th><th>Rechtsgrundlage</th><th>Zugriffe</th><th>Zeitraum</th></tr></thead>
  <tbody>${recipients}
  </tbody>
</table>`
}
<h2>Alle Zugriffe einzeln</h2>
${
  report.accesses.length === 0
    ? '<p>Keine.</p>'
    : `<table>
  <thead><tr><th>Zeitpunkt</th><th>Stelle</th><th>Person</th><th>Vorgang</th><th>Daten</th><th>Zweck</th><th>Rechtsgrundlage</th><th>Protokoll-Nr.</th></tr></thead>
  <tbody>${accesses}
  </tbody>
</table>`
}
<p>Abgelehnte Zugriffsversuche, bei denen keine Daten angezeigt wurden: ${report.refusedAttempts}.</p>${
    report.withheldAccesses > 0
      ? `
<p>Weitere Zugriffe betreffen Daten, die für den erklärten Zweck dieser Abfrage nicht einsehbar sind: ${report.withheldAccesses}.
Die vollständige Auskunft erteilt die oder der Datenschutzbeauftragte.</p>`
      : ''
  }
<p class="small">Fall ${escapeHtml(report.caseId)}. Das Protokoll hatte bei Erstellung ${report.log.treeSize} Einträge
(Merkle-Wurzel ${escapeHtml(report.log.rootHash)}). ${checkpoint} Mit der Protokoll-Nr. kann die oder der
Datenschutzbeauftragte jeden Eintrag gegen einen signierten Prüfpunkt nachweisen.</p>
</body>
</html>
`;
}
