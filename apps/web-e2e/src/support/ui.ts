import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
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
export async function expectNoAxeViolations(
  page: Page,
  screenName: string,
  options: { ownDocumentFrames?: readonly string[] } = {},
): Promise<void> {
  // @axe-core/playwright resolves playwright-core 1.65.2, @playwright/test brings 1.65.1: the same Page at run
  // time, two declarations of it for the compiler.
  const axePage = page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'];
  let builder = new AxeBuilder({ page: axePage }).withTags(WCAG_TAGS);
  // A sandboxed frame without scripts (the access report) cannot take axe: checked on its own instead.
  const frames = options.ownDocumentFrames ?? [];
  if (frames.length > 0) builder = builder.options({ iframes: false });
  for (const frame of frames) builder = builder.exclude(frame);
  const result = await builder.analyze();
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
export async function checkScreen(
  page: Page,
  screenName: string,
  file: string,
  options: { ownDocumentFrames?: readonly string[] } = {},
): Promise<void> {
  await expectNoAxeViolations(page, screenName, options);
  if (screenshotsWanted) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${file}.png`), fullPage: true });
  }
}

/** Signs in through the demo sign-in page: select "Person", button "Anmelden". A reload signs out first. */
export async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await selectTrigger(page, 'Person').click();
  await page.getByRole('option', { name: new RegExp(`^${escape(userId)} `) }).click();
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByText(`Angemeldet als ${userId}`)).toBeVisible();
}

export const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The trigger of a React Aria select: its name is the value shown followed by the label. */
export const selectTrigger = (scope: Page | Locator, label: string): Locator =>
  scope.getByRole('button', { name: new RegExp(`(^|\\s)${escape(label)}$`) });

/** Picks `option` in the React Aria select labelled `label` inside `scope` (the list opens in a popover). */
export async function choose(scope: Page | Locator, label: string, option: string): Promise<void> {
  const page = 'page' in scope ? scope.page() : scope;
  await selectTrigger(scope, label).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(selectTrigger(scope, label)).toContainText(option);
}

/**
 * Ticks a React Aria checkbox or radio: its input is visually hidden under its label, which takes the
 * pointer, so the click goes to the label; the state is checked afterwards.
 */
export async function tick(control: Locator): Promise<void> {
  if (!(await control.isChecked())) await control.locator('xpath=ancestor::label[1]').click();
  await expect(control).toBeChecked();
}

/** Picks the declared purpose in the header's "Zweck" select and waits for the announcement. */
export async function choosePurpose(page: Page, label: string): Promise<void> {
  await choose(page, 'Zweck', label);
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

/**
 * Opens a case as anna.coach (purpose integration) through the API, for set-up only (never what a test asserts a
 * person sees): `participant` and any other fields of `POST /api/cases`. Fails loudly; resolves with the case id.
 */
export async function openCaseThroughApi(
  participant: { readonly givenName: string; readonly familyName: string; readonly birthDate: string },
  more: { readonly firstContactAt?: string } = {},
): Promise<string> {
  const response = await fetch(`${BASE_URL}/api/cases`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await apiToken('anna.coach')}`,
      'x-purpose': 'integration',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ participant, ...more }),
  });
  if (response.status !== 201) throw new Error(`open case as anna.coach: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
