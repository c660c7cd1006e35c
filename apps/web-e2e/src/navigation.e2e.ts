import { expect, test } from '@playwright/test';
import { openCaseThroughApi, signIn } from './support/ui';

const PERSON = { givenName: 'Nora', familyName: 'Navigation', birthDate: '1990-06-21' };

/**
 * While a page's reads are under way the page before stays as it is (App.tsx's loaders, Layout.tsx): a change
 * to the document at the click — a class on the navigation, say — would start the browser's frame clock, and
 * the new page's paint would wait for its next tick (`npm run bench -- web-case-page`). The case's reads are
 * held back here until the document has been watched for a while (shorter than the 300 ms after which the
 * wait is announced).
 */
test('opening a case changes nothing on the screen until its reads are answered', async ({ page }) => {
  const caseId = await openCaseThroughApi(PERSON);
  await signIn(page, 'anna.coach');
  const link = page.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` });
  await expect(link).toBeVisible();

  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/cases/${caseId}**`, async (route) => {
    await held;
    await route.continue();
  });
  // (Scripts as strings: the end-to-end tests are compiled without the DOM's types.)
  await page.evaluate(`
    window.changes = [];
    new MutationObserver((records) => {
      for (const record of records)
        window.changes.push(record.type + ' ' + (record.attributeName ?? '') + ' on ' + record.target.nodeName);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  `);

  await link.click();
  await page.waitForTimeout(150);
  const changes = await page.evaluate<string[]>('window.changes');
  release();

  expect(changes).toEqual([]);
  await expect(page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` })).toBeVisible();
  const current = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Fälle' });
  await expect(current).toHaveAttribute('aria-current', 'page');
});
