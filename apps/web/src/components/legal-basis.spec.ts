import { i18n } from '../i18n/i18n';
import { legalBasisInWords } from './legal-basis';

const t = i18n.getFixedT('de');

describe('a legal basis in the staff’s words', () => {
  it.each([
    ['team', 'Aufgabe des Fallteams (§ 35 SGB I)'],
    ['team_lead', 'Teamübersicht der Teamleitung (§ 67c Abs. 3 SGB X)'],
    ['consent:5b0d0000-0000-4000-8000-0000000000a1', 'Einwilligung der Person'],
    ['§78 Abs. 1 SGB X partner record', 'Akte der Partnerstelle zur Vermittlung (§ 78 Abs. 1 SGB X)'],
    ['Art. 39 GDPR: data protection officer', 'Kontrolle durch die Datenschutzbeauftragte Person (Art. 39 DSGVO)'],
    ['conference invitation:5b0d0000-0000-4000-8000-0000000000f1', 'Einladung zur Fallkonferenz'],
  ])('words %s', (basis, words) => {
    expect(legalBasisInWords(basis, t)).toBe(words);
  });

  it('leaves a basis it does not know as the API spells it', () => {
    expect(legalBasisInWords('§ 99 Neues Gesetz', t)).toBe('§ 99 Neues Gesetz');
  });
});
