import { expect, test } from '@playwright/test';
import { escape, openCaseThroughApi, selectTrigger, signIn } from './support/ui';

// Where a tab goes: after a sign-out, and at addresses that name nothing (found walking the workspace).

const PERSON = { givenName: 'Tilda', familyName: 'Abmeldung', birthDate: '1988-11-23' };

/**
 * Two people on one tab (a shared office computer): anna.coach works on a case and signs out; hanna.reha signs
 * in on the same tab, without a reload. She starts at her own list — not at the address anna left, which would
 * read anna's case under hanna's name and put a refused access nobody attempted on the participant's record.
 */
test('signing out returns the tab to the start page: the next person does not land on the last case', async ({
  page,
}) => {
  const caseId = await openCaseThroughApi(PERSON);

  await signIn(page, 'anna.coach');
  await page.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Bereiche des Falls' })
    .getByRole('link', { name: 'Kontakte', exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts$`));

  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');

  const reads: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) reads.push(new URL(request.url()).pathname);
  });
  await selectTrigger(page, 'Person').click();
  await page.getByRole('option', { name: new RegExp(`^${escape('hanna.reha')} `) }).click();
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByText('Angemeldet als hanna.reha')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Fälle' })).toBeVisible();
  expect(page.url()).not.toContain(caseId);
  // hanna's session asked for her list, and for nothing of anna's case.
  expect(reads).toContain('/api/cases');
  expect(reads.filter((path) => path.includes(caseId))).toEqual([]);
});

test('an address the workspace does not have says so and leads back to the start page', async ({ page }) => {
  await signIn(page, 'hanna.reha');
  // In-app, as a mistyped link would go (a reload would sign out: the token lives in memory only).
  await page.evaluate(`history.pushState(null, '', '/faelle/unbekannt'); dispatchEvent(new PopStateEvent('popstate'))`);
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  await expect(page.getByText('Diese Adresse gibt es nicht.')).toBeVisible();
  await expect(page.getByText('folgt in Kürze')).toHaveCount(0);
  await page.getByRole('link', { name: 'Zur Startseite' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Fälle' })).toBeVisible();
});

test('a case address whose number is no case number says the case does not exist, without asking the API', async ({
  page,
}) => {
  await signIn(page, 'anna.coach');
  const reads: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/cases/')) reads.push(new URL(request.url()).pathname);
  });
  await page.evaluate(`history.pushState(null, '', '/cases/kein-fall'); dispatchEvent(new PopStateEvent('popstate'))`);
  await expect(page.getByText('Diesen Fall gibt es nicht, oder er ist für Sie nicht sichtbar.')).toBeVisible();
  await expect(page.getByText(/field\(s\) are invalid/)).toHaveCount(0);
  expect(reads).toEqual([]);
});
