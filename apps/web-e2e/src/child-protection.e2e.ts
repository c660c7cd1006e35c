import { expect, test } from '@playwright/test';
import { checkScreen, choosePurpose, openCaseThroughApi, signIn } from './support/ui';

const PERSON = { givenName: 'Mila', familyName: 'Sturmvogel', birthDate: '2015-04-09' };
const JUSTIFICATION = 'Meldung der Kita Fliederweg: Hämatome am Arm, das Kind wirkt verängstigt';

/**
 * § 8a SGB VIII in the browser: clara.youth, not on the case, switches to "Kinderschutz", opens the case by its number, finds
 * it closed to her, declares access with a written justification (refused below 20 characters), and reads what child
 * protection needs; frieda.dpo reviews the declaration with its justification. axe on both screens.
 */
test('clara.youth declares access under § 8a SGB VIII; frieda.dpo reviews it with its justification', async ({
  page,
}) => {
  const caseId = await openCaseThroughApi(PERSON);

  await signIn(page, 'clara.youth');
  await choosePurpose(page, 'Kinderschutz (§ 8a SGB VIII)');
  // Not on the case: not in her list; she opens it by the number the lead agency gave her.
  const byNumber = page.getByRole('form', { name: 'Fall über seine Nummer öffnen' });
  await byNumber.getByLabel('Fallnummer').fill(caseId);
  await byNumber.getByRole('button', { name: 'Fall öffnen' }).click();
  const form = page.getByRole('form', { name: /§ 8a SGB VIII/ });
  await expect(form).toBeVisible();
  await expect(
    page.getByText(`Der Fall ${caseId} ist für Sie nicht sichtbar – oder es gibt keinen Fall mit dieser Nummer.`),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: PERSON.familyName })).toHaveCount(0);

  await form.getByLabel('Begründung').fill('Verdacht');
  await form.getByRole('button', { name: 'Zugriff erklären' }).click();
  await expect(form.getByRole('alert')).toHaveText('Die Begründung braucht mindestens 20 Zeichen (jetzt 8).');
  await checkScreen(page, '§ 8a-Erklärung (clara.youth)', '26-child-protection-declare');

  await form.getByLabel('Begründung').fill(JUSTIFICATION);
  await form.getByRole('button', { name: 'Zugriff erklären' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` })).toBeVisible();
  await expect(page.getByText('Sie sehen diesen Fall unter dem Zweck „Kinderschutz (§ 8a SGB VIII)“.')).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: /^Zugriff nach § 8a SGB VIII erklärt, gültig bis / }),
  ).toBeVisible();
  // The timeline, refused before the declaration, is read anew: no refusal stays on the opened page.
  await expect(page.getByRole('table', { name: 'Verlauf des Falls, neueste zuletzt' })).toBeVisible();
  await expect(page.getByText('Das hat nicht geklappt')).toHaveCount(0);

  await signIn(page, 'frieda.dpo');
  await page.getByRole('tab', { name: '§ 8a-Erklärungen' }).click();
  const table = page.getByRole('table', { name: 'Erklärungen nach § 8a SGB VIII' });
  const row = table.getByRole('row', { name: new RegExp(caseId.slice(0, 8)) });
  await expect(row).toContainText('clara.youth');
  await expect(row).toContainText(JUSTIFICATION);
  await expect(row).toContainText('gilt');
  await checkScreen(page, 'Datenschutz-Konsole, § 8a-Erklärungen (frieda.dpo)', '27-dpo-declarations');
});
