import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../i18n/i18n';
import { session } from '../session/session-store';
import { ANNA_POLICY } from '../testing/session-fixture';
import { WithheldSection } from './WithheldSection';

const show = (element: React.ReactElement) => render(<I18nextProvider i18n={i18n}>{element}</I18nextProvider>);

describe('WithheldSection', () => {
  // What would grant a category comes from the policy the API names at sign-in (GET /api/session).
  beforeEach(() => session.set({ token: 't', ...ANNA_POLICY }));

  it('names the category, says the purpose does not cover it, and which purposes would', () => {
    show(<WithheldSection category="addiction" purpose="coordination" />);

    const section = screen.getByRole('region', { name: 'Sucht: nicht freigegeben' });
    expect(section.textContent).toContain('Der Zweck „Koordination“ umfasst diese Kategorie nicht.');
    expect(section.textContent).toContain('Gesundheitsförderung, Rehabilitation.');
  });

  it('suggests only purposes the user can declare', () => {
    // A youth-office caseworker: Eingliederung (the Jobcenter's) would release finances, but is not hers.
    session.set({
      token: 't',
      ...ANNA_POLICY,
      purposes: ANNA_POLICY.purposes!.filter((p) => p.purpose !== 'integration'),
    });
    show(<WithheldSection category="finances" purpose="child_protection" />);

    const section = screen.getByRole('region', { name: 'Finanzen: nicht freigegeben' });
    expect(section.textContent).not.toContain('Eingliederung');
    expect(section.textContent).toContain('Keiner der Zwecke, die Sie erklären können, gibt diese Kategorie frei.');
  });

  it('points to a consent when the purpose covers the category but no rule grants it', () => {
    show(<WithheldSection category="health" purpose="health_promotion" />);

    const section = screen.getByRole('region', { name: 'Gesundheit: nicht freigegeben' });
    // True also when a consent names the agency for other categories (a health practice given identity and health).
    expect(section.textContent).toContain(
      '(kein Fallteam, keine Einwilligung, die Ihrer Stelle diese Kategorie für den Zweck freigibt)',
    );
    expect(section.textContent).toContain(
      'eine Einwilligung der Person, die Ihre Stelle, den Zweck und diese Kategorie nennt',
    );
  });
});
