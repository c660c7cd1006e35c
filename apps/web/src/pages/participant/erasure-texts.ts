import type { ScreenTexts } from '../../i18n/texts';

// The person's request for erasure (Art. 17 DSGVO) and the notices about her case, in plain German
// (B1): short sentences, everyday words, the law in brackets.
const de = {
  part: 'Löschung beantragen',
  intro:
    'Sie können verlangen, dass Ihre Daten gelöscht werden (Art. 17 DSGVO, § 84 SGB X). Die Datenschutzbeauftragte prüft Ihren Antrag und antwortet innerhalb eines Monats (Art. 12 Abs. 3 DSGVO). Manche Daten muss eine Stelle nach dem Gesetz noch aufbewahren. Dann werden sie nicht gelöscht, aber gesperrt: Niemand darf sie mehr benutzen.',
  form: {
    heading: 'Neuer Antrag',
    scope: 'Was soll gelöscht werden?',
    scopeCase: 'Alle Daten meines Falls',
    scopeSome: 'Nur bestimmte Daten',
    categories: 'Welche Daten?',
    categoriesMissing: 'Bitte wählen Sie mindestens eine Art von Daten.',
    ground: 'Warum? (freiwillig)',
    send: 'Löschung beantragen',
    sent: 'Ihr Antrag ist eingegangen. Sie bekommen spätestens bis {{date}} eine Antwort.',
    openAlready: 'Sie haben schon einen offenen Antrag. Warten Sie bitte auf die Antwort.',
  },
  grounds: {
    not_stated: 'Ich möchte keinen Grund nennen',
    no_longer_necessary: 'Die Daten werden nicht mehr gebraucht',
    consent_withdrawn: 'Ich habe meine Einwilligung widerrufen',
    objection: 'Ich widerspreche der Verarbeitung',
    unlawfully_processed: 'Die Daten wurden nicht rechtmäßig verarbeitet',
    legal_obligation: 'Ein Gesetz verlangt die Löschung',
  },
  list: {
    heading: 'Meine Anträge',
    none: 'Sie haben noch keine Löschung beantragt.',
    name: 'Antrag vom {{date}}',
    scopeCase: 'Betrifft: alle Daten Ihres Falls',
    scopeSome: 'Betrifft: {{categories}}',
    byStaff: 'Ihre Fachkraft hat Ihren Antrag für Sie aufgeschrieben.',
    due: 'Antwort spätestens bis {{date}} (Art. 12 Abs. 3 DSGVO)',
    overdue: 'Die Antwort ist überfällig (sie war bis {{date}} fällig).',
    status: {
      open: 'Noch nicht entschieden.',
      granted: 'Genehmigt. Die Löschung wird gerade ausgeführt.',
      refused: 'Abgelehnt.',
      restricted: 'Nicht gelöscht, sondern gesperrt.',
      executed: 'Genehmigt und gelöscht.',
    },
    decidedAt: 'Entschieden am {{date}}.',
    executedAt: 'Gelöscht am {{date}}. Die Stellen, die Ihre Daten bekommen hatten, wurden informiert (Art. 19 DSGVO).',
    reason: 'Begründung: {{reason}}',
    source: 'Rechtsgrundlage: {{source}}',
  },
  reasons: {
    no_longer_necessary: 'Ihre Daten werden nicht mehr gebraucht.',
    consent_withdrawn: 'Sie haben Ihre Einwilligung widerrufen.',
    objection_upheld: 'Ihr Widerspruch ist berechtigt.',
    unlawfully_processed: 'Ihre Daten wurden nicht rechtmäßig verarbeitet.',
    legal_obligation: 'Ein Gesetz verlangt die Löschung.',
    retention_duty:
      'Ein Gesetz verlangt, dass die Stelle Ihre Akte noch eine bestimmte Zeit aufbewahrt. Bis dahin dürfen die Daten nicht gelöscht werden.',
    would_harm_interests: 'Eine Löschung würde Ihnen schaden. Deshalb werden die Daten gesperrt statt gelöscht.',
  },
  notice: {
    restricted: 'Die Verarbeitung Ihrer Daten ist eingeschränkt (gesperrt) seit {{date}} (§ 84 SGB X).',
    restrictedWhat:
      'Das betrifft: {{categories}}. Niemand darf diese Daten benutzen, nur die Datenschutzbeauftragte darf sie ansehen.',
    restrictedAll:
      'Das betrifft alle Daten Ihres Falls. Niemand darf sie benutzen, nur die Datenschutzbeauftragte darf sie ansehen.',
    disputed: 'Sie haben gesagt, dass Daten nicht stimmen. Das ist seit {{date}} vermerkt, alle sehen diesen Hinweis.',
    disputedWhat: 'Das betrifft: {{categories}}.',
    label: 'Hinweise zu Ihrem Fall',
  },
  art19: {
    heading: 'Mitteilungen an Empfänger Ihrer Daten (Art. 19 DSGVO)',
    intro: 'Wenn Daten gelöscht oder gesperrt werden, informieren wir alle Stellen, die sie bekommen hatten.',
  },
};

const en: typeof de = {
  part: 'Request erasure',
  intro:
    'You can ask for your data to be erased (Art. 17 GDPR, § 84 SGB X). The data protection officer checks your request and answers within one month (Art. 12(3) GDPR). Some data an agency must keep by law. Then they are not erased but blocked: nobody may use them any more.',
  form: {
    heading: 'New request',
    scope: 'What should be erased?',
    scopeCase: 'All data of my case',
    scopeSome: 'Only some data',
    categories: 'Which data?',
    categoriesMissing: 'Please choose at least one kind of data.',
    ground: 'Why? (optional)',
    send: 'Request erasure',
    sent: 'Your request was received. You will get an answer by {{date}} at the latest.',
    openAlready: 'You already have an open request. Please wait for the answer.',
  },
  grounds: {
    not_stated: 'I do not want to give a reason',
    no_longer_necessary: 'The data are no longer needed',
    consent_withdrawn: 'I withdrew my consent',
    objection: 'I object to the processing',
    unlawfully_processed: 'The data were processed unlawfully',
    legal_obligation: 'A law requires the erasure',
  },
  list: {
    heading: 'My requests',
    none: 'You have not requested an erasure yet.',
    name: 'Request of {{date}}',
    scopeCase: 'Concerns: all data of your case',
    scopeSome: 'Concerns: {{categories}}',
    byStaff: 'Your caseworker recorded this request for you.',
    due: 'Answer due by {{date}} (Art. 12(3) GDPR)',
    overdue: 'The answer is overdue (it was due by {{date}}).',
    status: {
      open: 'Not decided yet.',
      granted: 'Granted. The erasure is being carried out.',
      refused: 'Refused.',
      restricted: 'Not erased, but blocked.',
      executed: 'Granted and erased.',
    },
    decidedAt: 'Decided on {{date}}.',
    executedAt: 'Erased on {{date}}. The agencies that had received your data were told (Art. 19 GDPR).',
    reason: 'Reason: {{reason}}',
    source: 'Legal basis: {{source}}',
  },
  reasons: {
    no_longer_necessary: 'Your data are no longer needed.',
    consent_withdrawn: 'You withdrew your consent.',
    objection_upheld: 'Your objection is justified.',
    unlawfully_processed: 'Your data were processed unlawfully.',
    legal_obligation: 'A law requires the erasure.',
    retention_duty:
      'A law requires the agency to keep your file for a certain time. Until then the data may not be erased.',
    would_harm_interests: 'Erasing would harm you. So the data are blocked instead of erased.',
  },
  notice: {
    restricted: 'Processing of your data is restricted (blocked) since {{date}} (§ 84 SGB X).',
    restrictedWhat:
      'This concerns: {{categories}}. Nobody may use these data; only the data protection officer may look at them.',
    restrictedAll:
      'This concerns all data of your case. Nobody may use them; only the data protection officer may look at them.',
    disputed: 'You said that data are not correct. This is noted since {{date}}; everyone sees this note.',
    disputedWhat: 'This concerns: {{categories}}.',
    label: 'Notes about your case',
  },
  art19: {
    heading: 'Notices to recipients of your data (Art. 19 GDPR)',
    intro: 'When data are erased or blocked, we tell every agency that had received them.',
  },
};

export const participantErasureTexts: ScreenTexts<typeof de> = { de, en };
