import { expect, test } from '@playwright/test';
import { checkScreen, signIn } from './support/ui';

test('sign-in page and case list', async ({ page }) => {
  await page.goto('/');
  await checkScreen(page, 'Anmelden', '01-sign-in');
  await signIn(page, 'anna.coach');
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Fälle' })).toBeVisible();
  await checkScreen(page, 'Meine Fälle', '02-case-list');
});
