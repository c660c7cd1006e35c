import { CATEGORY_LABELS, escapeHtml, PURPOSE_LABELS, ROLE_LABELS } from '@fallverbund/cases-application';
import { type MyConsentDto, type MyCopyDto } from './participant.dto';

/** The route of the participant's copy of their data (Art. 15 Abs. 3, Art. 20 GDPR). */
export const MY_COPY_ROUTE = 'GET /api/me/cases/{id}/copy';

/** What the copy leaves out, said to the person: each is held back by law, not by choice. */
export const NOT_INCLUDED: readonly string[] = [
  'Mitteilungen, die Ihnen oder anderen Personen in der Jugendhilfe anvertraut wurden, werden nur mit Zustimmung der Person herausgegeben, die sie anvertraut hat (§ 65 SGB VIII).',
  'Aufzeichnungen von Berufsgeheimnisträgern (Ärztinnen, Psychotherapeuten, Suchtberatung) erhalten Sie bei der jeweiligen Stelle (§ 203 StGB, § 76 SGB X).',
  'Zugriffe, deren Mitteilung die Datenschutzbeauftragte Person aus gesetzlichem Grund vorläufig zurückhält (etwa § 8a SGB VIII, § 83 Abs. 4 SGB X), erscheinen erst ab dem Freigabedatum.',
  'Inhalte von Kontakten, Kooperationsplan, Vermittlungen und Einschätzungen erhalten Sie auf Antrag bei der fallführenden Stelle; diese Kopie enthält Ihre Stammdaten, Ihre Einwilligungen und alle Zugriffe.',
];

const STATUS_WORDS: Record<string, string> = {
  active: 'in Betreuung',
  aftercare: 'in Nachbetreuung',
  closed: 'abgeschlossen',
};

const GRANTOR_WORDS: Record<string, string> = {
  participant: 'von Ihnen',
  legal_guardian: 'von Ihrer gesetzlichen Vertretung',
  entrusting_person: 'von der Person, die die Information anvertraut hat',
};

const STATE_WORDS: Record<MyConsentDto['state'], string> = {
  active: 'gültig',
  withdrawn: 'widerrufen',
  expired: 'abgelaufen',
};

const word = (labels: Record<string, string>, code: string): string =>
  escapeHtml(Object.hasOwn(labels, code) ? (labels[code] as string) : code);

const when = (iso: string): string =>
  escapeHtml(
    new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }),
  );

const day = (iso: string): string =>
  escapeHtml(
    new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString('de-DE', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Berlin',
    }),
  );

/** A norm as the API names it ("Art. 39 GDPR"), as a German page cites it ("Art. 39 DSGVO"). */
const normInGerman = (norm: string): string => norm.replace(/\bGDPR\b/g, 'DSGVO');

const basisInWords = (copy: MyCopyDto, basis: MyCopyDto['accesses'][number]['legalBasis'][number]): string => {
  switch (basis.kind) {
    case 'consent': {
      const consent = copy.consents.find((c) => c.consentId === basis.consentId);
      const given = consent ? day(consent.grantedAt) : basis.consentGivenAt ? day(basis.consentGivenAt) : '';
      return consent?.grantedBy === 'participant' || !consent
        ? `Ihre Einwilligung${given ? ` vom ${given}` : ''}`
        : `Einwilligung ${escapeHtml(GRANTOR_WORDS[consent.grantedBy] ?? '')}${given ? ` vom ${given}` : ''}`;
    }
    case 'team':
      return 'gesetzliche Aufgabe der fallführenden Stelle';
    case 'statute':
      return `gesetzliche Grundlage${basis.statute ? ` (${escapeHtml(normInGerman(basis.statute))})` : ''}`;
  }
};

/**
 * The copy as a self-contained page in plain German: every value escaped, nothing loaded from
 * elsewhere; the API answers it with a Content-Security-Policy that allows only its own style by hash.
 */
export function renderMyCopyHtml(copy: MyCopyDto): string {
  const person = copy.participant
    ? `<p><strong>${escapeHtml(`${copy.participant.givenName} ${copy.participant.familyName}`)}</strong>, geboren am ${day(copy.participant.birthDate)}</p>`
    : '<p>Die Angaben zu Ihrer Person sind gelöscht.</p>';
  const team = copy.case.team
    .map((m) => `<li>${escapeHtml(m.agency.name)}: ${word(ROLE_LABELS, m.role)}</li>`)
    .join('');
  const consents = copy.consents
    .map(
      (c) => `
      <tr>
        <td>${day(c.grantedAt)} (${escapeHtml(GRANTOR_WORDS[c.grantedBy] ?? c.grantedBy)})</td>
        <td>${c.purposes.map((p) => word(PURPOSE_LABELS, p)).join(', ')}</td>
        <td>${c.dataCategories.map((k) => word(CATEGORY_LABELS, k)).join(', ')}</td>
        <td>${c.recipients.map((r) => escapeHtml(r.name)).join(', ')}</td>
        <td>${escapeHtml(STATE_WORDS[c.state])}${c.withdrawnAt ? ` am ${day(c.withdrawnAt)}` : ''}${c.validUntil ? `; gültig bis ${day(c.validUntil)}` : ''}</td>
      </tr>`,
    )
    .join('');
  const accesses = copy.accesses
    .map(
      (a) => `
      <tr>
        <td>${when(a.occurredAt)}</td>
        <td>${escapeHtml(a.agency.name)}</td>
        <td>${a.role === 'participant' ? 'Sie selbst' : word(ROLE_LABELS, a.role)}</td>
        <td>${a.categories.map((k) => word(CATEGORY_LABELS, k)).join(', ')}</td>
        <td>${a.purpose === 'data_subject_access' ? 'Ihre eigene Einsicht' : word(PURPOSE_LABELS, a.purpose)}</td>
        <td>${a.legalBasis.map((b) => basisInWords(copy, b)).join('; ')}</td>
        <td>${a.decision === 'permit' ? 'erlaubt' : 'abgelehnt'}</td>
      </tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kopie Ihrer Daten</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1rem; color: #111; line-height: 1.4; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left; vertical-align: top; font-size: .9rem; }
  th { background: #eee; }
  @media print { body { margin: 0; font-size: 10pt; } thead { display: table-header-group; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>Kopie Ihrer Daten</h1>
<p>Nach Art. 15 Abs. 3 und Art. 20 DSGVO: die Daten, die über Sie in diesem Fall gespeichert sind, Ihre
Einwilligungen und alle Zugriffe darauf. Stand: ${when(copy.generatedAt)}. Fall-Nr. ${escapeHtml(copy.caseId)}.</p>
<h2>Angaben zu Ihrer Person</h2>
${person}
<h2>Ihr Fall</h2>
<p>Fallführende Stelle: ${escapeHtml(copy.case.leadAgency.name)}; ${escapeHtml(STATUS_WORDS[copy.case.status] ?? copy.case.status)}, seit ${day(copy.case.openedAt)}.
Rechtsgrundlage: ${escapeHtml(copy.case.legalBasis.words)} (${escapeHtml(copy.case.legalBasis.statute)}).</p>
<p>Im Fallteam:</p>
<ul>${team}</ul>
<h2>Ihre Einwilligungen</h2>
${
  copy.consents.length === 0
    ? '<p>Keine.</p>'
    : `<table>
  <thead><tr><th>Erteilt</th><th>Wofür</th><th>Welche Daten</th><th>An wen</th><th>Stand</th></tr></thead>
  <tbody>${consents}
  </tbody>
</table>`
}
<h2>Wer Ihre Daten gesehen hat</h2>
${
  copy.accesses.length === 0
    ? '<p>Keine Zugriffe.</p>'
    : `<table>
  <thead><tr><th>Zeitpunkt</th><th>Stelle</th><th>Funktion</th><th>Daten</th><th>Zweck</th><th>Rechtsgrundlage</th><th>Ergebnis</th></tr></thead>
  <tbody>${accesses}
  </tbody>
</table>`
}
<h2>Was diese Kopie nicht enthält</h2>
<ul>${copy.notIncluded.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
</body>
</html>
`;
}
