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

  it("shows the API's title for a code it does not know", async () => {
    await act(() => i18n.changeLanguage('en'));
    show(new ApiProblem(422, 'PLAN.SOMETHING_NEW', 'Unprocessable Content', undefined, undefined));

    expect(screen.getByRole('alert').textContent).toContain('Unprocessable Content');
    expect(screen.getByRole('alert').textContent).toContain('For support: code PLAN.SOMETHING_NEW');
  });
});
