import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Checkpoint } from '@fallverbund/audit-log';
import { type AccessReport, type AccessSignal } from '@fallverbund/cases-application';
import { DEMO_DIRECTORY } from '@fallverbund/identity';
import { codesIn, tempDir, visibleText } from '@fallverbund/testing';
import { PROFILES, type TestApp, participant, startTestApp } from '../testing/test-app';

type Headers = Record<string, string>;

const today = (): string =>
  new Date().toLocaleDateString('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });

/** The documented command, as the DPO runs it on her own machine; its JSON verdict and exit code. */
const verifyAuditExport = (...args: string[]): { code: number | null; verdict: Record<string, unknown> } => {
  const run = spawnSync('npm', ['run', '--silent', 'verify-audit-export', '--', ...args], {
    cwd: join(__dirname, '../../../..'),
    encoding: 'utf8',
  });
  return { code: run.status, verdict: JSON.parse(run.stdout.trim()) as Record<string, unknown> };
};

/**
 * Issue 12, the data protection officer's day (frieda.dpo, purpose audit): after a day of normal
 * work she sees no signal; she makes the access report for the participant, in plain German with the
 * participant named; she verifies the log on the server and offline, where the verifier says plainly
 * whether a checkpoint was checked. On both databases.
 */
describe.each(PROFILES)('the data protection officer, frieda.dpo (%s)', (profile) => {
  let t: TestApp;
  let caseId: string;
  const dir = tempDir('dpo-role');
  const as = (userId: string, purpose: string) => t.as(userId, purpose);
  const dpo = () => as('frieda.dpo', 'audit');
  const ok = async (method: 'get' | 'post', path: string, headers: Headers, body?: object): Promise<unknown> => {
    const request = method === 'get' ? t.http.get(path) : t.http.post(path).send(body ?? {});
    const response = await request.set(headers);
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as unknown;
  };

  beforeAll(async () => {
    t = await startTestApp(profile);
    // A day of normal work on Mara Beispiel's case: intake, a contact, a written consent for the
    // youth office and a conference it is invited to, the youth office's first look.
    const anna = await as('anna.coach', 'integration');
    caseId = await t.openCase(anna);
    await ok('post', `/api/cases/${caseId}/contacts`, anna, {
      kind: 'office',
      occurredAt: new Date().toISOString(),
      durationMinutes: 30,
      summary: 'Erstgespräch',
    });
    await ok('post', `/api/cases/${caseId}/consents`, anna, {
      purposes: ['youth_support', 'case_conference'],
      dataCategories: ['identity', 'case_admin'],
      recipientAgencyIds: ['jugendamt-mitte'],
      form: 'written',
      grantedBy: 'participant',
    });
    const conferenceId = (
      (await ok('post', `/api/cases/${caseId}/conferences`, anna, {
        topic: 'Abstimmung mit dem Jugendamt',
        invitedAgencyIds: ['jugendamt-mitte'],
        plannedFor: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      })) as { id: string }
    ).id;
    await ok('post', `/api/cases/${caseId}/conferences/${conferenceId}/agreement`, anna, {
      agreed: true,
      form: 'written',
    });
    await ok('get', `/api/cases/${caseId}`, await as('clara.youth', 'youth_support'));
    await ok('get', `/api/conferences/${conferenceId}`, await as('clara.youth', 'case_conference'));
    await ok('get', '/api/cases', anna);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    dir.remove();
  });

  it('sees no signal after a day of normal work', async () => {
    const body = (await ok('get', '/api/audit/signals', await dpo())) as {
      signals: AccessSignal[];
      truncated: boolean;
    };
    expect(body).toMatchObject({ signals: [], truncated: false });
  });

  it('hands the participant a report in plain German that names them', async () => {
    const report = (await ok('get', `/api/cases/${caseId}/access-report`, await dpo())) as AccessReport;
    expect(report.participant).toEqual(participant);
    expect(report.recipients.map((r) => r.agencyName).sort()).toEqual(['Jobcenter Mitte', 'Jugendamt Mitte']);

    const page = await t.http
      .get(`/api/cases/${caseId}/access-report`)
      .set(await dpo())
      .set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const text = visibleText(page.text).replace(/\s+/g, ' ');
    for (const words of [
      'Auskunft über Zugriffe auf Ihre Daten',
      `Für: ${participant.givenName} ${participant.familyName} , geboren am 1. April 1990`,
      'Jugendamt Mitte',
      'Fachkraft',
      'Kontakt erfasst',
      'Fall angelegt',
      `Ihre schriftliche Einwilligung vom ${today()}`,
      'Einladung der Stelle zur Fallkonferenz am',
      'Hilfe durch die Jugendhilfe',
    ])
      expect(text).toContain(words);
    expect(codesIn(text, DEMO_DIRECTORY.userIds())).toEqual([]);
    expect(page.text).toContain('@media print');

    // Making it opened the participant's name: recorded as an access to identity.
    const made = (await ok('get', `/api/audit/entries?caseId=${caseId}&action=access_report`, await dpo())) as {
      items: { entry: { actor: { userId: string }; categories: string[]; decision: string } }[];
    };
    expect(made.items.map((i) => i.entry)).toMatchObject([
      { actor: { userId: 'frieda.dpo' }, categories: ['identity'], decision: 'permit' },
      { actor: { userId: 'frieda.dpo' }, categories: ['identity'], decision: 'permit' },
    ]);
  });

  it('verifies the log on the server and offline, and the verifier says whether a checkpoint was checked', async () => {
    const kept = (await ok('post', '/api/audit/checkpoints', await dpo())) as {
      checkpoint: Checkpoint;
      publicKeyPem: string;
    };
    expect(await ok('get', '/api/audit/verify', await dpo())).toMatchObject({ valid: true, checkpointChecked: true });

    const exported = await t.http
      .get('/api/audit/export')
      .set(await dpo())
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(exported.status).toBe(200);
    const file = join(dir.path, `export-${profile}.ndjson`);
    const checkpointFile = join(dir.path, `checkpoint-${profile}.json`);
    const keyFile = join(dir.path, `key-${profile}.pem`);
    writeFileSync(file, exported.body as string);
    writeFileSync(checkpointFile, JSON.stringify(kept.checkpoint));
    writeFileSync(keyFile, kept.publicKeyPem);

    const unchecked = verifyAuditExport(file);
    expect(unchecked).toMatchObject({ code: 0, verdict: { valid: true, checkpointChecked: false } });
    expect(unchecked.verdict['message']).toContain('NO CHECKPOINT WAS CHECKED');
    const checked = verifyAuditExport(file, '--checkpoint', checkpointFile, '--public-key', keyFile);
    expect(checked).toMatchObject({
      code: 0,
      verdict: { valid: true, checkpointChecked: true, checkpoint: { treeSize: kept.checkpoint.treeSize } },
    });
  }, 60_000);
});
