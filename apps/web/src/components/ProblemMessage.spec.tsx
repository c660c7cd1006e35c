import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { ApiProblem } from '../api/problem';
import { i18n } from '../i18n/i18n';
import { ProblemMessage } from './ProblemMessage';

const show = (error: unknown) =>
  render(
    <I18nextProvider i18n={i18n}>
      <ProblemMessage error={error} />
    </I18nextProvider>,
  );

describe('ProblemMessage', () => {
  afterEach(() => act(() => i18n.changeLanguage('de')));

  it('says a known code in German, with the code and the request id for support', () => {
    show(new ApiProblem(403, 'ACCESS.DENIED', 'Forbidden', 'no grant', '5b0d0000-0000-4000-8000-000000000001'));

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Dafür fehlt Ihnen unter dem gewählten Zweck die Berechtigung.');
    expect(alert.textContent).toContain(
      'Für den Support: Code ACCESS.DENIED, Anfrage 5b0d0000-0000-4000-8000-000000000001',
    );
  });

  it("says a refusal of the participant's details in German, the API's English detail marked as English", () => {
    show(new ApiProblem(400, 'CASE.INVALID_PARTICIPANT', 'Bad Request', 'birthDate lies in the future', undefined));

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Die Angaben zur Person sind nicht gültig (Name oder Geburtsdatum).');
    expect(alert.textContent).not.toContain('Bad Request');
    const detail = screen.getByText('birthDate lies in the future');
    expect(detail.getAttribute('lang')).toBe('en');
    expect(detail.parentElement?.textContent).toBe('Angabe des Dienstes (englisch): birthDate lies in the future');
  });

  it('says an unknown code of a known status by its status', () => {
    show(new ApiProblem(400, 'PLAN.SOMETHING_NEW', 'Bad Request', undefined, undefined));

    expect(screen.getByRole('alert').textContent).toContain('Die Angaben wurden nicht angenommen.');
  });

  it("shows the API's title for a code it does not know", async () => {
    await act(() => i18n.changeLanguage('en'));
    show(new ApiProblem(422, 'PLAN.SOMETHING_NEW', 'Unprocessable Content', undefined, undefined));

    expect(screen.getByRole('alert').textContent).toContain('Unprocessable Content');
    expect(screen.getByRole('alert').textContent).toContain('For support: code PLAN.SOMETHING_NEW');
  });
});
