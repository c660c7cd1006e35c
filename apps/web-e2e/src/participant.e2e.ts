import { expect, type Browser, type Page, test } from '@playwright/test';
import { BASE_URL } from './support/environment';
import { apiToken, checkScreen, choose, escape, selectTrigger, signIn, tick } from './support/ui';

/**
 * Issue 14 ("Must show"): the participant's own view. The multi-agency story's accesses are set up through the
 * API (the staff walk of issue 13 checks those screens); then each person acts in the browser: anna.coach
 * issues an invitation, Lena redeems it on a phone-sized screen, sees the accesses of the youth office, the
 * counselling partner and the DPO with their legal bases in words, verifies one entry's proof in the browser,
 * asks about one access and withdraws the consent to the youth office — whose next read is refused — and
 * frieda.dpo answers the question, which Lena then reads. axe (WCAG 2.1 A/AA) on every screen.
 */
test.describe.configure({ mode: 'serial' });

const PERSON = { givenName: 'Lena', familyName: 'Teilnehmerin', birthDate: '1994-06-12' };
const ROW_NAME = `${PERSON.familyName}, ${PERSON.givenName}`;
const PHONE = { width: 390, height: 844 };
const QUESTION = 'Warum hat das Jugendamt meine Kontakte gesehen?';
const ANSWER = 'Das Jugendamt hat Ihre Kontakte mit Ihrer Einwilligung gesehen, um Sie zu unterstützen.';
const state = { caseId: '', code: '' };

async function api(userId: string, purpose: string | null, method: string, path: string, body?: object) {
  return fetch(`${BASE_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await apiToken(userId)}`,
      ...(purpose ? { 'x-purpose': purpose } : {}),
      'content-type': 'application/json',
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** Set-up only: fails loudly, never used to check what a person sees. */
async function setUp(userId: string, purpose: string, method: string, path: string, body?: object): Promise<unknown> {
  const response = await api(userId, purpose, method, path, body);
  if (!response.ok) throw new Error(`${method} ${path} as ${userId}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Lena on a phone: the demo sign-in lists her with her role and no agency; the header names her. */
async function signInAsLena(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await selectTrigger(page, 'Person').click();
  await page.getByRole('option', { name: new RegExp(`^${escape('Lena Teilnehmerin')}`) }).click();
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByText('Angemeldet als Lena Teilnehmerin')).toBeVisible();
  return page;
}

const openMyCase = async (page: Page, part: string): Promise<void> => {
  await page
    .getByRole('link', { name: new RegExp(escape(PERSON.givenName)) })
    .first()
    .click();
  await page.getByRole('link', { name: part }).click();
  await expect(page.getByRole('heading', { name: part })).toBeVisible();
};

test('0 [set-up through the API] the multi-agency story leaves its accesses in the log', async () => {
  state.caseId = (
    (await setUp('anna.coach', 'integration', 'POST', '/api/cases', {
      participant: PERSON,
      firstContactAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
    })) as {
      id: string;
    }
  ).id;
  const base = `/api/cases/${state.caseId}`;
  await setUp('anna.coach', 'integration', 'POST', `${base}/contacts`, {
    kind: 'walk_and_talk',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    durationMinutes: 45,
    summary: 'Spaziergang, Wohnungssuche besprochen',
  });
  await setUp('anna.coach', 'integration', 'POST', `${base}/consents`, {
    purposes: ['youth_support'],
    dataCategories: ['identity', 'case_admin', 'contacts'],
    recipientAgencyIds: ['jugendamt-mitte'],
    form: 'written',
    grantedBy: 'participant',
  });
  await setUp('anna.coach', 'health_promotion', 'POST', `${base}/consents`, {
    purposes: ['health_promotion'],
    dataCategories: ['identity', 'addiction'],
    recipientAgencyIds: ['suchtberatung-nord'],
    form: 'written',
    grantedBy: 'participant',
  });
  const referral = (await setUp('anna.coach', 'health_promotion', 'POST', `${base}/referrals`, {
    partnerAgencyId: 'suchtberatung-nord',
    purpose: 'health_promotion',
    sharedCategories: ['identity', 'addiction'],
    reason: 'Beratung zur Suchtvorbeugung',
  })) as { id: string };
  await setUp('emil.counsel', 'health_promotion', 'POST', `${base}/referrals/${referral.id}/accept`);
  // The youth office reads the case under the consent: allowed.
  expect((await api('clara.youth', 'youth_support', 'GET', base)).status).toBe(200);
  // The DPO reads the log about the case.
  await setUp('frieda.dpo', 'audit', 'GET', `${base}/access-report`);
});

test('1 anna.coach issues an invitation for the person', async ({ page }) => {
  await signIn(page, 'anna.coach');
  await page.getByRole('link', { name: ROW_NAME }).click();
  await page
    .getByRole('navigation', { name: 'Bereiche des Falls' })
    .getByRole('link', { name: 'Einwilligungen' })
    .click();
  const region = page.getByRole('region', { name: 'Zugang für die Person' });
  await region.getByRole('button', { name: 'Einladungscode erstellen' }).click();
  const shown = region.getByTestId('invitation-code');
  await expect(shown).toContainText('Einladungscode erstellt.');
  await expect(shown).toContainText('Gültig bis');
  state.code = (await shown.locator('strong.code').textContent())?.trim() ?? '';
  expect(state.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await checkScreen(page, 'Einladungscode erstellt (anna.coach)', '16-invitation');
});

test('2 Lena redeems the code on her phone and sees who has seen her data, in words', async ({ browser }) => {
  const page = await signInAsLena(browser);
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Fälle' })).toBeVisible();
  await expect(page.getByText('Sie sind noch mit keinem Fall verbunden.', { exact: false })).toBeVisible();
  await checkScreen(page, 'Meine Fälle, noch ohne Fall (Lena)', '17-me-no-case');
  await page.getByRole('textbox', { name: 'Einladungscode' }).fill(state.code);
  await page.getByRole('button', { name: 'Code einlösen' }).click();
  // Redeemed: the case it belongs to opens, at who has seen her data.
  await expect(page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Wer hat meine Daten gesehen?' })).toBeVisible();
  const list = page.getByRole('list', { name: 'Zugriffe auf Ihre Daten, neueste zuerst' });
  const youthOffice = list.getByRole('article', { name: /: Jugendamt Mitte$/ }).first();
  await expect(youthOffice).toContainText('Ihre Einwilligung vom');
  await expect(youthOffice).toContainText('erlaubt');
  await expect(list.getByRole('article', { name: /: Suchtberatung Nord$/ }).first()).toBeVisible();
  await expect(list.getByText('Datenschutzbeauftragte').first()).toBeVisible();
  // Roles, never the staff members' names.
  for (const staff of ['clara.youth', 'emil.counsel', 'frieda.dpo', 'anna.coach']) {
    await expect(list).not.toContainText(staff);
  }
  await checkScreen(page, 'Wer hat meine Daten gesehen? (Lena, Telefon)', '18-me-accesses');

  // One entry's proof, checked in this browser against the signed checkpoint.
  await youthOffice.getByRole('button', { name: 'Prüfen' }).click();
  await expect(youthOffice).toContainText('Geprüft: Dieser Eintrag steht unverändert im Protokoll.');

  // A question about that access.
  await youthOffice.getByRole('button', { name: 'Diesen Zugriff hinterfragen' }).click();
  await youthOffice.getByRole('textbox', { name: 'Ihre Frage' }).fill(QUESTION);
  await checkScreen(page, 'Frage zu einem Zugriff (Lena, Telefon)', '19-me-question');
  await youthOffice.getByRole('button', { name: 'Frage senden' }).click();
  await expect(page.getByText('Ihre Frage ist gesendet.', { exact: false })).toBeVisible();

  // The consent to the youth office, withdrawn with one action (and a confirmation).
  await page.getByRole('link', { name: 'Meine Einwilligungen' }).click();
  await expect(page.getByRole('heading', { name: 'Meine Einwilligungen' })).toBeVisible();
  const consent = page.getByRole('article').filter({ hasText: 'Jugendamt Mitte' });
  await expect(consent).toHaveCount(1);
  await checkScreen(page, 'Meine Einwilligungen (Lena, Telefon)', '20-me-consents');
  await consent.getByRole('button', { name: /widerrufen$/ }).click();
  await page.getByRole('button', { name: 'Ja, widerrufen' }).click();
  await expect(page.getByText('Die Einwilligung ist widerrufen.')).toBeVisible();
  // It stays visible among the past ones, with the day of its withdrawal.
  await expect(consent).toContainText('Widerrufen am');
  await expect(consent.getByRole('button', { name: /widerrufen$/ })).toHaveCount(0);
  await page.context().close();
});

test('3 the youth office is refused at its next request', async () => {
  const read = await api('clara.youth', 'youth_support', 'GET', `/api/cases/${state.caseId}`);
  expect(read.status).toBeGreaterThanOrEqual(400);
  expect(read.status).toBeLessThan(500);
  expect(read.headers.get('content-type')).toContain('application/problem+json');
});

test('4 frieda.dpo answers the question in the console', async ({ page }) => {
  await signIn(page, 'frieda.dpo');
  await page.getByRole('tab', { name: 'Fragen von Personen' }).click();
  const question = page.getByRole('article').filter({ hasText: QUESTION });
  await expect(question).toHaveCount(1);
  await expect(question).toContainText('Frist:');
  await checkScreen(page, 'Fragen von Personen (frieda.dpo)', '21-dpo-questions');
  await question.getByRole('textbox', { name: 'Antwort' }).fill(ANSWER);
  await question.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(page.getByText('Antwort gesendet.')).toBeVisible();
});

test('5 Lena reads the answer', async ({ browser }) => {
  const page = await signInAsLena(browser);
  await openMyCase(page, 'Meine Fragen');
  const question = page.getByRole('article').filter({ hasText: QUESTION });
  await expect(question).toContainText(ANSWER);
  await expect(question).toContainText('Antwort vom');
  await checkScreen(page, 'Meine Fragen mit Antwort (Lena, Telefon)', '22-me-answer');
  await page.context().close();
});

test('6 Lena asks for erasure of her data (Art. 17 DSGVO) and sees the answer is due in a month', async ({
  browser,
}) => {
  const page = await signInAsLena(browser);
  await openMyCase(page, 'Löschung beantragen');
  await tick(page.getByRole('radio', { name: 'Alle Daten meines Falls' }));
  await choose(page, 'Warum? (freiwillig)', 'Die Daten werden nicht mehr gebraucht');
  await checkScreen(page, 'Löschung beantragen (Lena, Telefon)', '23-me-erasure');
  await page.getByRole('button', { name: 'Löschung beantragen' }).click();
  await expect(page.getByText('Ihr Antrag ist eingegangen.', { exact: false })).toBeVisible();
  const request = page.getByRole('article').filter({ hasText: 'Noch nicht entschieden.' });
  await expect(request).toHaveCount(1);
  await expect(request).toContainText('Antwort spätestens bis');
  await page.context().close();
});

test('7 frieda.dpo refuses it: a retention duty applies to the Jobcenter file', async ({ page }) => {
  await signIn(page, 'frieda.dpo');
  await page.getByRole('tab', { name: 'Löschanträge' }).click();
  const request = page.getByRole('article').filter({ hasText: state.caseId });
  await expect(request).toHaveCount(1);
  await expect(request).toContainText('Antwort fällig am');
  await choose(request, 'Entscheidung', 'Abgelehnt: Aufbewahrungspflicht');
  await choose(request, 'Aufbewahrungsklasse (docs/retention.md)', 'Akte SGB II (10 Jahre nach Abschluss)');
  await checkScreen(page, 'Löschanträge (frieda.dpo)', '24-dpo-erasure');
  await request.getByRole('button', { name: 'Entscheidung speichern' }).click();
  await expect(page.getByText('Die Entscheidung ist gespeichert.')).toBeVisible();
});

test('8 Lena reads why her data are kept', async ({ browser }) => {
  const page = await signInAsLena(browser);
  await openMyCase(page, 'Löschung beantragen');
  const request = page.getByRole('article').filter({ hasText: 'Abgelehnt.' });
  await expect(request).toContainText(
    'Ein Gesetz verlangt, dass die Stelle Ihre Akte noch eine bestimmte Zeit aufbewahrt.',
  );
  await expect(request).toContainText('sgb2-file');
  await checkScreen(page, 'Löschantrag abgelehnt (Lena, Telefon)', '25-me-erasure-refused');
  await page.context().close();
});
