import type { ScreenTexts } from '../../i18n/texts';

const de = {
  heading: 'Zugang für die Person',
  intro:
    'Mit einem Einladungscode kann die Person selbst sehen, wer ihre Daten gesehen hat, ihre Einwilligungen widerrufen und Fragen stellen. Der Code gilt einmal und läuft ab. Er wird nur jetzt angezeigt: Drucken Sie ihn aus oder geben Sie ihn der Person direkt.',
  issue: 'Einladungscode erstellen',
  issued: 'Einladungscode erstellt.',
  code: 'Einladungscode',
  expires: 'Gültig bis {{date}}',
  once: 'Dieser Code wird nur jetzt angezeigt. Er ist nur einmal verwendbar.',
  how: 'So geht es: Die Person meldet sich an, öffnet „Meine Fälle“ und gibt den Code bei „Einladungscode einlösen“ ein.',
  print: 'Code drucken',
};

const en: typeof de = {
  heading: 'Access for the person',
  intro:
    'With an invitation code the person can see who has seen their data, withdraw their consents and ask questions. The code works once and expires. It is shown only now: print it or give it to the person directly.',
  issue: 'Create invitation code',
  issued: 'Invitation code created.',
  code: 'Invitation code',
  expires: 'Valid until {{date}}',
  once: 'This code is shown only now. It can be used once.',
  how: 'How it works: the person signs in, opens “My cases” and enters the code under “Redeem an invitation code”.',
  print: 'Print code',
};

export const invitationTexts: ScreenTexts<typeof de> = { de, en };
