import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { api, type Schema } from '../../api/client';
import { i18n } from '../../i18n/i18n';
import { createQueryClient } from '../../query/query-client';
import { useVerifyLog } from './queries';
import { dpoTexts } from './texts';
import { addTexts } from '../../i18n/texts';
import { VerifyLog } from './VerifyPanel';

addTexts('dpo', dpoTexts);

type VerifyResult = Schema<'VerifyResultDto'>;

function Harness() {
  const verify = useVerifyLog();
  return <VerifyLog verify={verify} />;
}

/** Makes GET /api/audit/verify answer only when the test says so. */
const answerLater = () => {
  let resolve: (result: VerifyResult) => void = () => undefined;
  const answer = new Promise<VerifyResult>((r) => (resolve = r));
  const spy = jest.spyOn(api, 'GET').mockImplementation(((path: string) => {
    if (path !== '/api/audit/verify') throw new Error(`unexpected ${path}`);
    return answer.then((data) => ({ data, response: new Response() }));
  }) as unknown as typeof api.GET);
  return { resolve, spy };
};

const show = () =>
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={createQueryClient()}>
        <Harness />
      </QueryClientProvider>
    </I18nextProvider>,
  );

describe('verifying the log', () => {
  beforeEach(() => i18n.changeLanguage('de'));
  afterEach(() => jest.restoreAllMocks());

  it('shows an indeterminate progress bar while waiting, then says the log is intact', async () => {
    const { resolve, spy } = answerLater();
    const user = userEvent.setup();
    show();
    expect(screen.queryByRole('progressbar')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Protokoll prüfen' }));

    const progress = await screen.findByRole('progressbar', { name: 'Prüfung läuft' });
    expect(progress.getAttribute('aria-valuenow')).toBeNull();
    expect(spy).toHaveBeenCalledWith('/api/audit/verify');

    resolve({
      valid: true,
      size: 1234,
      root: 'ab'.repeat(32),
      checkpoint: {
        treeSize: 1200,
        rootHash: 'cd'.repeat(32),
        issuedAt: '2026-12-04T10:00:00.000Z',
        signature: 's',
        keyId: 'k',
      },
      checkpointChecked: true,
    });

    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Das Protokoll ist unverändert: 1.234 Einträge geprüft.');
    expect(status.textContent).toContain('Geprüft auch gegen den neuesten Prüfpunkt vom');
    expect(status.textContent).toContain('(1.200 Einträge)');
  });

  it('says what failed: the first bad entry and the reason', async () => {
    const { resolve } = answerLater();
    const user = userEvent.setup();
    show();
    await user.click(screen.getByRole('button', { name: 'Protokoll prüfen' }));
    await screen.findByRole('progressbar');

    resolve({
      valid: false,
      firstBadIndex: 17,
      reason: 'digest does not match the entry, its salt and index',
      checkpoint: null,
      checkpointChecked: false,
    });

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toContain('Das Protokoll ist NICHT in Ordnung.'),
    );
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Der erste fehlerhafte Eintrag ist Nr. 17.');
    expect(status.textContent).toContain('digest does not match the entry');
    expect(status.textContent).not.toContain('unverändert');
  });
});
