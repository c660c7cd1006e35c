import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, openCaseThroughApi, signIn } from './support/ui';

/**
 * The cooperation plan in the browser (issue 13, "the cooperation plan: draft, versions side by side"):
 * anna.coach drafts a first version with a goal in a life area and a step for that goal, drafts a second
 * version with one more goal, and compares the two. The life area, the step's goal and the two versions
 * compared are native selects (apps/web/src/components/NativeSelect.tsx); axe (WCAG 2.1 A/AA) on the page.
 * Then ben.lead, her team lead, reads the plan under supervision and is offered no form.
 */
const PERSON = { givenName: 'Pia', familyName: 'Planbeispiel', birthDate: '1988-03-14' };
const FIRST_GOAL = 'Eine eigene Wohnung finden';
const SECOND_GOAL = 'Schulden ordnen';

test('anna.coach drafts two versions of the cooperation plan and compares them; ben.lead only reads it', async ({
  page,
}) => {
  // Set-up only: the case, opened through the API (the story walk opens one through the form).
  await openCaseThroughApi(PERSON);

  await signIn(page, 'anna.coach');
  await page.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` }).click();
  await page
    .getByRole('navigation', { name: 'Bereiche des Falls' })
    .getByRole('link', { name: 'Kooperationsplan', exact: true })
    .click();
  await expect(page.getByText('Status: noch kein Plan')).toBeVisible();

  // Version 1: a goal in "Wohnen" and a step for it.
  await page.getByRole('button', { name: 'Ersten Entwurf anlegen' }).click();
  const goal1 = page.getByRole('group', { name: 'Ziel 1' });
  await goal1.getByRole('combobox', { name: 'Lebensbereich' }).selectOption({ label: 'Wohnen' });
  await goal1.getByRole('textbox', { name: 'Ziel', exact: true }).fill(FIRST_GOAL);
  await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  const step1 = page.getByRole('group', { name: 'Schritt 1' });
  await step1.getByRole('textbox', { name: 'Was wird getan' }).fill('Wohnungsamt anschreiben');
  await step1.getByRole('textbox', { name: 'Wer ist verantwortlich' }).fill('Pia');
  await step1.getByLabel('Bis wann').fill('2027-01-31');
  const stepGoal = step1.getByRole('combobox', { name: 'Zu Ziel' });
  await expect(stepGoal.getByRole('option')).toHaveText(['ohne Ziel', `Ziel 1: ${FIRST_GOAL}`]);
  await stepGoal.selectOption({ label: `Ziel 1: ${FIRST_GOAL}` });
  await page.getByRole('button', { name: 'Fassung speichern' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Fassung 1 gespeichert.' })).toBeVisible();
  await expect(page.getByText('Aktuelle Fassung 1')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: `Wohnen: ${FIRST_GOAL}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Schritte' })).toContainText('Wohnungsamt anschreiben');
  // The step names the goal it serves by its number in the (numbered) list of goals.
  const stepRow = page
    .getByRole('table', { name: 'Schritte' })
    .getByRole('row')
    .filter({ hasText: 'Wohnungsamt anschreiben' });
  await expect(stepRow.getByRole('cell')).toHaveText(['Wohnungsamt anschreiben', 'Ziel 1', 'Pia', /2027/, /offen/]);
  await expect(page.getByRole('list').filter({ hasText: `Wohnen: ${FIRST_GOAL}` })).toHaveJSProperty('tagName', 'OL');

  // Version 2: the same and one more goal, in "Finanzen".
  await page.getByRole('button', { name: 'Neue Fassung entwerfen' }).click();
  await expect(goal1.getByRole('combobox', { name: 'Lebensbereich' })).toHaveValue('housing');
  await page.getByRole('button', { name: 'Ziel hinzufügen' }).click();
  const goal2 = page.getByRole('group', { name: 'Ziel 2' });
  await goal2.getByRole('combobox', { name: 'Lebensbereich' }).selectOption({ label: 'Finanzen' });
  await goal2.getByRole('textbox', { name: 'Ziel', exact: true }).fill(SECOND_GOAL);
  await page.getByRole('button', { name: 'Fassung speichern' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Fassung 2 gespeichert.' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: `Finanzen: ${SECOND_GOAL}` })).toBeVisible();

  // Side by side: the two last versions until the user chooses.
  const compare = page.getByRole('region', { name: 'Fassungen vergleichen' });
  await expect(compare.getByRole('combobox', { name: 'Frühere Fassung' })).toHaveValue('1');
  await expect(compare.getByRole('combobox', { name: 'Spätere Fassung' })).toHaveValue('2');
  await expect(compare).toContainText(SECOND_GOAL);
  await expectNoAxeViolations(page, 'Kooperationsplan, zwei Fassungen verglichen (anna.coach)');

  // Choosing the same version on both sides asks for an order instead of comparing.
  await compare.getByRole('combobox', { name: 'Frühere Fassung' }).selectOption({ label: 'Fassung 2' });
  await expect(compare.getByRole('combobox', { name: 'Frühere Fassung' })).toHaveValue('2');
  await expect(compare.getByRole('status')).toHaveText('Die frühere Fassung muss vor der späteren liegen.');

  // ben.lead, team lead of anna's agency, reads the plan under supervision (§ 67c Abs. 3 SGB X): reading only.
  // He is offered no draft, agreement, dispute or step to complete, and no referral to send — the API would
  // refuse each (GET /api/cases/{id}: access.recordable [], access.mayRefer false).
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await signIn(page, 'ben.lead');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(PERSON.familyName);
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  await page.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` }).click();
  const tabs = page.getByRole('navigation', { name: 'Bereiche des Falls' });
  await tabs.getByRole('link', { name: 'Kooperationsplan', exact: true }).click();
  await expect(page.getByText('Aktuelle Fassung 2')).toBeVisible();
  await expect(page.getByText(/^Sie können den Kooperationsplan lesen, aber nicht fortschreiben/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Neue Fassung entwerfen' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Zustimmung der Person' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Widerspruch der Person' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'Kooperationsplan, nur lesend (ben.lead)');
  await tabs.getByRole('link', { name: 'Vermittlungen', exact: true }).click();
  await expect(page.getByText(/^Sie können die Vermittlungen lesen, aber keine senden/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Vermittlung senden' })).toHaveCount(0);
});
