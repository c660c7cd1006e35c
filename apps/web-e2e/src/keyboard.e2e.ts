import { expect, type Locator, type Page, test } from '@playwright/test';
import { openCaseThroughApi } from './support/ui';

/**
 * One keyboard-only walk of the main flow (issue 13, "Must show"): sign in, the case list, a search by name,
 * opening the case, recording a contact — with page.keyboard alone (Tab, Enter, Space, arrows and typing),
 * asserting where the focus lands at each step. The case is set up through the API beforehand.
 */
const PERSON = { givenName: 'Kim', familyName: 'Tastatur', birthDate: '1988-09-12' };

const berlinDay = (daysAgo: number): string =>
  new Date(Date.now() - daysAgo * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

test.beforeAll(async () => {
  await openCaseThroughApi(PERSON, { firstContactAt: new Date(Date.now() - 5 * 86_400_000).toISOString() });
});

const isFocused = async (page: Page, target: Locator): Promise<boolean> =>
  (await target.and(page.locator(':focus')).count()) > 0;

/** Presses Tab until `target` has the focus (at most `max` times), failing with the element reached. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(page, target)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('keyboard only: sign in, search the case list, open a case, record a contact', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();

  // The first Tab reaches the skip link; Enter moves to <main>.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Zum Inhalt springen' })).toBeFocused();

  // Sign-in: the "Person" select opens with the arrow key, the option is taken with Enter.
  const person = page.getByRole('button', { name: /Person$/ });
  await tabTo(page, person, 5);
  await page.keyboard.press('ArrowDown');
  const anna = page.getByRole('option', { name: /^anna\.coach / });
  await expect(anna).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(person).toBeFocused();
  await expect(person).toContainText('anna.coach');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Anmelden', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Fälle' })).toBeVisible();

  // Search by name: type into "Name", Enter submits the filter form.
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await tabTo(page, name);
  await page.keyboard.type(PERSON.familyName);
  await page.keyboard.press('Enter');
  const row = page.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` });
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);

  // Open the case: its link by Tab, Enter; the focus moves to the new page's <main>.
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` })).toBeVisible();
  await expect(page.getByRole('main')).toBeFocused();

  // The contacts tab of the case; the tab shown is marked as the current page.
  const tabs = page.getByRole('navigation', { name: 'Bereiche des Falls' });
  await expect(tabs.getByRole('link', { name: 'Übersicht', exact: true })).toHaveAttribute('aria-current', 'page');
  await tabTo(page, tabs.getByRole('link', { name: 'Kontakte', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Kontakte' })).toBeVisible();
  await expect(page.getByRole('main')).toBeFocused();
  await expect(tabs.getByRole('link', { name: 'Kontakte', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(tabs.getByRole('link', { name: 'Übersicht', exact: true })).not.toHaveAttribute('aria-current');

  // Record a contact: kind by arrows, date and time typed segment by segment.
  const form = page.getByRole('region', { name: 'Kontakt erfassen' });
  const kind = form.getByRole('button', { name: /Art$/ });
  await tabTo(page, kind);
  await page.keyboard.press('ArrowDown');
  const phone = page.getByRole('option', { name: 'Telefonat', exact: true });
  for (let i = 0; i < 8 && !(await isFocused(page, phone)); i++) await page.keyboard.press('ArrowDown');
  await expect(phone).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(kind).toContainText('Telefonat');

  const [year, month, day] = berlinDay(2).split('-');
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Datum', { exact: true })).toBeFocused();
  // Headless Chromium lays the field out as en-US (MM/DD/YYYY, hh:mm AM/PM) whatever the page's locale.
  await page.keyboard.type(`${month}${day}${year}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('1030');
  await page.keyboard.type('A');
  await expect(form.getByLabel('Datum', { exact: true })).toHaveValue(`${year}-${month}-${day}T10:30`);

  await page.keyboard.press('Tab');
  // Past the date field's remaining segments, if Tab stops on them.
  await tabTo(page, form.getByLabel('Dauer (Minuten)', { exact: true }), 5);
  await page.keyboard.type('20');
  await tabTo(page, form.getByLabel('Notiz', { exact: true }), 5);
  await page.keyboard.type('Telefonat zur Terminabstimmung');
  const submit = form.getByRole('button', { name: 'Kontakt erfassen' });
  await tabTo(page, submit, 5);
  await page.keyboard.press('Space');
  await expect(form.getByRole('status')).toHaveText('Kontakt erfasst.');
  // The button is not disabled while its write is sent (useWrite refuses a second press): the focus stays on it.
  await expect(submit).toBeFocused();
  const recorded = page.getByRole('article').filter({ hasText: 'Telefonat' });
  await expect(recorded).toContainText('20 Min.');
  await expect(recorded).toContainText('Telefonat zur Terminabstimmung');
});
