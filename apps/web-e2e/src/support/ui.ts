import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { BASE_URL } from './environment';

/** The WCAG 2.1 AA rules of axe-core. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** docs/screenshots/ (npm run screenshots sets SCREENSHOTS=1). */
const SCREENSHOT_DIR = join(__dirname, '../../../../docs/screenshots');
const screenshotsWanted = process.env['SCREENSHOTS'] === '1';

/**
 * Runs axe on the page as it is and fails with a readable list (rule, impact, help, the offending elements)
 * when anything violates the WCAG 2.1 A/AA rules.
 */
export async function expectNoAxeViolations(page: Page, screenName: string): Promise<void> {
  // @axe-core/playwright resolves playwright-core 1.65.2, @playwright/test brings 1.65.1: the same Page at run
  // time, two declarations of it for the compiler.
  const axePage = page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'];
  const result = await new AxeBuilder({ page: axePage }).withTags(WCAG_TAGS).analyze();
  const readable = result.violations.map(
    (v) =>
      `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`)
        .join('\n'),
  );
  expect(readable, `axe on "${screenName}" (${page.url()}):\n${readable.join('\n')}`).toEqual([]);
}

/** One screen of the walk: axe, and its screenshot when SCREENSHOTS=1. */
export async function checkScreen(page: Page, screenName: string, file: string): Promise<void> {
  await expectNoAxeViolations(page, screenName);
  if (screenshotsWanted) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${file}.png`), fullPage: true });
  }
}

/** Signs in through the demo sign-in page: select "Person", button "Anmelden". A reload signs out first. */
export async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await page.getByRole('button', { name: /Person/ }).click();
  await page.getByRole('option', { name: new RegExp(`^${userId.replace('.', '\\.')} `) }).click();
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByText(`Angemeldet als ${userId}`)).toBeVisible();
}

/** Picks the declared purpose in the header's "Zweck" select and waits for the announcement. */
export async function choosePurpose(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: /Zweck/ }).click();
  await page.getByRole('option', { name: label, exact: true }).click();
  await expect(page.getByRole('button', { name: /Zweck/ })).toContainText(label);
}

/** A token for setting up data through the API (never for what a test asserts a person sees). */
export async function apiToken(userId: string): Promise<string> {
  const response = await fetch(`${BASE_URL}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!response.ok) throw new Error(`token for ${userId}: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
