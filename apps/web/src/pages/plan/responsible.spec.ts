import { i18n } from '../../i18n/i18n';
import { addTexts } from '../../i18n/texts';
import { PARTICIPANT, responsibleFromWords, responsibleInWords } from './responsible';
import { planTexts } from './texts';

addTexts('plan', planTexts);
const t = i18n.getFixedT('de');

describe('who is responsible for a step', () => {
  it('names the participant in words and anyone else as written', () => {
    expect(responsibleInWords(PARTICIPANT, t)).toBe('die teilnehmende Person');
    expect(responsibleInWords('Jobcenter Mitte', t)).toBe('Jobcenter Mitte');
  });

  it('sends the participant back as the API’s value, and anything else as typed', () => {
    expect(responsibleFromWords(responsibleInWords(PARTICIPANT, t), t)).toBe(PARTICIPANT);
    expect(responsibleFromWords('die teilnehmende Person ', t)).toBe(PARTICIPANT);
    expect(responsibleFromWords('die teilnehmende', t)).toBe('die teilnehmende');
    expect(responsibleFromWords('Pia', t)).toBe('Pia');
  });
});
