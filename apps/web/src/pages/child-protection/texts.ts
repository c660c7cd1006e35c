import type { ScreenTexts } from '../../i18n/texts';

const de = {
  declare: {
    heading: 'Zugriff zum Schutz eines Kindes erklären (§ 8a SGB VIII)',
    closed: 'Der Fall {{number}} ist für Sie nicht sichtbar – oder es gibt keinen Fall mit dieser Nummer.',
    intro:
      'Bei gewichtigen Anhaltspunkten für die Gefährdung eines Kindes dürfen Sie diesen Fall ohne Einwilligung lesen – soweit der Kinderschutz es braucht, nur Sie, 72 Stunden lang. Die Erklärung wird protokolliert; die Datenschutzbeauftragte liest Ihre Begründung.',
    justification: 'Begründung',
    hint: 'Welche Anhaltspunkte liegen vor? Mindestens 20 Zeichen. Die Begründung wird verschlüsselt gespeichert.',
    tooShort: 'Die Begründung braucht mindestens 20 Zeichen (jetzt {{count}}).',
    submit: 'Zugriff erklären',
    declared: 'Zugriff erklärt, gültig bis {{until}}.',
  },
  list: {
    heading: 'Erklärungen nach § 8a SGB VIII',
    intro:
      'Jeder Zugriff zum Schutz eines Kindes ohne Einwilligung, neueste zuerst, mit der Begründung, die die Fachkraft gegeben hat. Das Lesen dieser Liste wird protokolliert.',
    caption: 'Erklärungen nach § 8a SGB VIII',
    none: 'Bisher keine Erklärung.',
    declaredAt: 'Erklärt am',
    case: 'Fall',
    by: 'Fachkraft',
    until: 'Gültig bis',
    state: 'Stand',
    active: 'gilt',
    ended: 'abgelaufen',
    justification: 'Begründung',
    erased: '(gelöscht)',
  },
  open: {
    heading: 'Fall über seine Nummer öffnen',
    intro:
      'Ein Fall, an dem Sie nicht beteiligt sind, steht nicht in Ihrer Liste. Mit der Fallnummer, die Ihnen die fallführende Stelle nennt, öffnen Sie ihn und können den Zugriff nach § 8a SGB VIII erklären.',
    number: 'Fallnummer',
    invalid: 'Eine Fallnummer hat 36 Zeichen, z. B. 5b0d1c2e-0000-4000-8000-00000000c001.',
    submit: 'Fall öffnen',
  },
  tab: '§ 8a-Erklärungen',
};

const en: typeof de = {
  declare: {
    heading: 'Declare access to protect a child (§ 8a SGB VIII)',
    closed: 'Case {{number}} is not visible to you – or there is no case with this number.',
    intro:
      'Where there are weighty indications that a child is at risk you may read this case without consent – as far as child protection needs it, only you, for 72 hours. The declaration is logged; the data protection officer reads your justification.',
    justification: 'Justification',
    hint: 'Which indications are there? At least 20 characters. The justification is stored encrypted.',
    tooShort: 'The justification needs at least 20 characters (now {{count}}).',
    submit: 'Declare access',
    declared: 'Access declared, valid until {{until}}.',
  },
  list: {
    heading: 'Declarations under § 8a SGB VIII',
    intro:
      'Every access to protect a child without consent, newest first, with the justification the professional gave. Reading this list is logged.',
    caption: 'Declarations under § 8a SGB VIII',
    none: 'No declaration so far.',
    declaredAt: 'Declared at',
    case: 'Case',
    by: 'Professional',
    until: 'Valid until',
    state: 'State',
    active: 'in force',
    ended: 'expired',
    justification: 'Justification',
    erased: '(erased)',
  },
  open: {
    heading: 'Open a case by its number',
    intro:
      'A case you are not part of is not in your list. With the case number the lead agency gives you, you open it and can declare access under § 8a SGB VIII.',
    number: 'Case number',
    invalid: 'A case number has 36 characters, e.g. 5b0d1c2e-0000-4000-8000-00000000c001.',
    submit: 'Open case',
  },
  tab: '§ 8a declarations',
};

export const childProtectionTexts: ScreenTexts<typeof de> = { de, en };
