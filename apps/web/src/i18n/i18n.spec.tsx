import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n, keptText, useTranslation } from './i18n';
import { addTexts } from './texts';

const wrapper = ({ children }: { children: ReactNode }) => <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
const useT = () => useTranslation().t as unknown as (key: string, options?: Record<string, unknown>) => string;

describe('useTranslation: static texts kept per language', () => {
  afterEach(async () => {
    await act(() => i18n.changeLanguage('de'));
  });

  it('answers a static text as i18next does, and asks i18next once for it', () => {
    const { result } = renderHook(useT, { wrapper });
    const asked = jest.spyOn(i18n, 't');
    try {
      const first = result.current('case.back');
      const second = result.current('case.back');
      expect(first).toBe(i18n.getFixedT('de')('case.back'));
      expect(second).toBe(first);
      // getFixedT above asked once too; the second call of the hook's t was answered from what is kept.
      expect(asked.mock.calls.filter(([key]) => key === 'case.back')).toHaveLength(2);
    } finally {
      asked.mockRestore();
    }
  });

  it('never keeps a text with values: each call is resolved with its own values', () => {
    addTexts('keptSpec', { de: { greeting: 'Hallo {{name}}' }, en: { greeting: 'Hello {{name}}' } });
    const { result } = renderHook(useT, { wrapper });
    expect(result.current('keptSpec.greeting', { name: 'Anna' })).toBe('Hallo Anna');
    expect(result.current('keptSpec.greeting', { name: 'Ben' })).toBe('Hallo Ben');
  });

  it('does not keep a missing text: once the screen adds it, it is found', () => {
    const { result } = renderHook(useT, { wrapper });
    expect(result.current('laterSpec.title')).toBe('laterSpec.title');
    addTexts('laterSpec', { de: { title: 'Später' }, en: { title: 'Later' } });
    expect(result.current('laterSpec.title')).toBe('Später');
  });

  it('answers a text changed by a screen added later with the new wording, not the kept one', () => {
    addTexts('changedSpec', { de: { title: 'Alt' }, en: { title: 'Old' } });
    const { result } = renderHook(useT, { wrapper });
    expect(result.current('changedSpec.title')).toBe('Alt');
    addTexts('changedSpec', { de: { title: 'Neu' }, en: { title: 'New' } });
    expect(result.current('changedSpec.title')).toBe('Neu');
  });

  it('answers in the language switched to, for a text already kept in the other', async () => {
    const { result } = renderHook(useT, { wrapper });
    const german = result.current('case.back');
    await act(() => i18n.changeLanguage('en'));
    expect(result.current('case.back')).toBe(i18n.getFixedT('en')('case.back'));
    expect(result.current('case.back')).not.toBe(german);
  });
});

describe('keptText: texts of non-personal values, made once per language and id', () => {
  it('makes a text once per language and id, and again after a screen added texts', () => {
    const made: string[] = [];
    const make = (language: string) => () => {
      made.push(language);
      return `${language} text`;
    };
    expect(keptText('de', 'spec one', make('de'))).toBe('de text');
    expect(keptText('de', 'spec one', make('de'))).toBe('de text');
    expect(keptText('en', 'spec one', make('en'))).toBe('en text');
    expect(made).toEqual(['de', 'en']);
    addTexts('keptTextSpec', { de: { x: 'x' }, en: { x: 'x' } });
    expect(keptText('de', 'spec one', make('de'))).toBe('de text');
    expect(made).toEqual(['de', 'en', 'de']);
  });
});
