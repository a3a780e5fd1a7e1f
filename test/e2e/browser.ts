/**
 * Headless Chromium (Debian's, never a downloaded one) driven by playwright-core, for tests of the
 * real n8n editor. playwright-core has no test runner and no web-first `expect`, so the `expect…`
 * helpers here retry jest assertions until they pass.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { chromium, selectors, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { OWNER, PROJECT_DIR } from './real-n8n';

/** Debian's Chromium: CHROMIUM_PATH, else /usr/bin/chromium, else what scripts/chromium.sh installs. */
export function chromiumPath(): string {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	return execFileSync('bash', [join(PROJECT_DIR, 'scripts', 'chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** The size of the editor in the tests and in the screenshots under docs/images. */
export const VIEWPORT = { width: 1400, height: 900 };

/** Headless Chromium; `getByTestId()` finds n8n's `data-test-id` attributes. */
export async function launchChromium(): Promise<Browser> {
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({
		executablePath: chromiumPath(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** A browser context for the editor, with generous timeouts for slow CI machines. */
export async function editorContext(browser: Browser): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
	context.setDefaultTimeout(30_000);
	context.setDefaultNavigationTimeout(60_000);
	return context;
}

/** Signs in as the owner through n8n's sign-in form, as a user does. */
export async function signInWithForm(page: Page, url: string): Promise<void> {
	await page.goto(`${url}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email);
	await page.locator('input[name="password"]').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((address) => !address.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/** Takes the focus out of inputs and moves the mouse off the panels, so a screenshot shows no popovers or hover controls. */
export async function settle(page: Page): Promise<void> {
	await page.evaluate('document.activeElement && document.activeElement.blur()');
	await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
}

/**
 * Saves a screenshot of the viewport as .cache/screenshots/<name>, or as docs/images/<name> (the
 * README's pictures) when UPDATE_DOCS_SCREENSHOTS=1, so a test run leaves the repository untouched.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
	const folder = process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? join(PROJECT_DIR, 'docs', 'images') : join(PROJECT_DIR, '.cache', 'screenshots');
	const path = join(folder, name);
	mkdirSync(dirname(path), { recursive: true });
	await page.screenshot({ path, animations: 'disabled' });
	return path;
}

/**
 * Retries `check` (which makes jest assertions) until it passes or `timeout` ms are over, then
 * throws its last failure: the part Playwright's web-first assertions play in @playwright/test.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeout = 30_000): Promise<T> {
	const deadline = Date.now() + timeout;
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolvePoll) => setTimeout(resolvePoll, 150));
		}
	}
}

/** The element's text, trimmed, is `expected` (or matches it), within `timeout`. */
export async function expectText(locator: Locator, expected: string | RegExp, timeout?: number): Promise<void> {
	await eventually(async () => {
		const text = (await locator.innerText({ timeout: 5_000 })).trim();
		if (typeof expected === 'string') expect(text).toBe(expected);
		else expect(text).toMatch(expected);
	}, timeout);
}

/** The element's text contains `expected`, within `timeout`. */
export async function expectTextContaining(locator: Locator, expected: string, timeout?: number): Promise<void> {
	await eventually(async () => expect(await locator.innerText({ timeout: 5_000 })).toContain(expected), timeout);
}

/** The input's value is `expected`, within `timeout`. */
export async function expectValue(locator: Locator, expected: string, timeout?: number): Promise<void> {
	await eventually(async () => expect(await locator.inputValue({ timeout: 5_000 })).toBe(expected), timeout);
}

/** The element's attribute `name` is `expected`, within `timeout`. */
export async function expectAttribute(locator: Locator, name: string, expected: string, timeout?: number): Promise<void> {
	await eventually(async () => expect(await locator.getAttribute(name, { timeout: 5_000 })).toBe(expected), timeout);
}
