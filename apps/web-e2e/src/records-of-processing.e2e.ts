import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './support/ui';

/**
 * The DPO's record of processing activities (Art. 30 GDPR, issue 17): the tab of the DPO console,
 * its captioned tables, axe (WCAG 2.1 A/AA), and the print view without navigation.
 */
test('frieda.dpo reads and prints the Verzeichnis von Verarbeitungstätigkeiten', async ({ page }) => {
  await signIn(page, 'frieda.dpo');
  await expect(page.getByRole('heading', { level: 1, name: 'Datenschutz-Konsole' })).toBeVisible();
  await page.getByRole('tab', { name: 'Verarbeitungsverzeichnis' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Verzeichnis von Verarbeitungstätigkeiten' })).toBeVisible();

  const youth = page.getByRole('region', { name: 'Kinder- und Jugendhilfe' });
  const periods = youth.getByRole('table', { name: 'Datenkategorien und Löschfristen: Kinder- und Jugendhilfe' });
  await expect(periods).toContainText('100 Jahre');
  await expect(periods).toContainText('§ 9b Abs. 2 Nr. 1 SGB VIII');
  await expect(youth).toContainText('deren Kinder');
  const integration = page.getByRole('region', { name: 'Eingliederung in Arbeit' });
  await expect(integration.getByRole('table', { name: /^Datenkategorien und Löschfristen/ })).toContainText('10 Jahre');
  await expect(
    page.getByRole('heading', { level: 3, name: /Technische und organisatorische Maßnahmen/ }),
  ).toBeVisible();
  await expectNoAxeViolations(page, 'Datenschutz-Konsole, Verarbeitungsverzeichnis (frieda.dpo)');

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Drucken' })).toBeHidden();
  await expect(page.getByRole('tablist')).toBeHidden();
  await expect(periods).toBeVisible();
});
