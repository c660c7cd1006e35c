import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, openCaseThroughApi, signIn } from './support/ui';

const PERSON = { givenName: 'Doris', familyName: 'Doppelt', birthDate: '1979-02-17' };

/**
 * "Fall eröffnen" for a person who already has a case the caseworker sees: the form names that case with a link
 * instead of opening a second one, and opens a second only on a deliberate second press.
 */
test('anna.coach is shown the case she already has of a person before she opens a second one', async ({ page }) => {
  const existing = await openCaseThroughApi(PERSON);

  await signIn(page, 'anna.coach');
  const form = page.getByRole('region', { name: 'Fall eröffnen' });
  await form.getByLabel('Vorname', { exact: true }).fill(PERSON.givenName);
  await form.getByLabel('Familienname', { exact: true }).fill(PERSON.familyName);
  await form.getByLabel('Geburtsdatum', { exact: true }).fill(PERSON.birthDate);
  await form.getByRole('button', { name: 'Fall eröffnen' }).click();

  const found = page.getByRole('alert').filter({ hasText: 'gibt es schon einen Fall' });
  await expect(found).toContainText('Für diese Person (gleicher Name, geboren am 17.02.1979) gibt es schon einen Fall');
  await expect(form.getByRole('button', { name: 'Trotzdem neuen Fall eröffnen' })).toBeVisible();
  await expectNoAxeViolations(page, 'Fall eröffnen: ein Fall der Person besteht schon (anna.coach)');

  await found.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${existing}$`));
  await expect(page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` })).toBeVisible();
});
