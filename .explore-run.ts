import { readFileSync } from 'node:fs';
import { chromium, selectors } from 'playwright-core';
selectors.setTestIdAttribute('data-test-id');
const info = JSON.parse(readFileSync('/tmp/explore/info.json', 'utf8'));
async function main() {
	const browser = await chromium.connectOverCDP('http://localhost:9333');
	const context = browser.contexts()[0];
	let page = context.pages()[0];
	page.setDefaultTimeout(20000);
	const ids = async (root = 'body') => { const r = await page.$$eval(root + ' [data-test-id]', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute('data-test-id') + ' | ' + ((e as HTMLElement).innerText ?? '').slice(0, 60).replace(/\n/g, ' '))); console.log([...new Set(r)].join('\n')); };
	const shot = async (n: string) => page.screenshot({ path: `/tmp/explore/${n}.png` });
	try {
page = context.pages().find((p) => p.url().includes('hhjTcv3mhYNEa1dm'))!;
await page.getByTestId('node-credentials-select').click();
await page.getByTestId('node-credentials-select-item-new').click();
const modal = page.getByTestId('editCredential-modal');
await modal.waitFor();
await modal.getByTestId('parameter-input-authType').click();
console.log('auth options', await page.getByRole('option').allInnerTexts());
await page.getByRole('option', { name: /^API Key/ }).click();
await page.waitForTimeout(500);
console.log('params', await modal.getByTestId('credential-connection-parameter').allInnerTexts());
await modal.getByTestId('parameter-input-authType').click();
await page.getByRole('option', { name: /^E-Mail and Password/ }).click();
await page.waitForTimeout(500);
console.log('params', await modal.getByTestId('credential-connection-parameter').allInnerTexts());
await modal.getByRole('button', { name: 'Close this dialog' }).click();
await page.waitForTimeout(1000);
await shot('w');
await ids('.el-overlay, [role="dialog"]');
	} catch (e) { console.log('ERROR', e); }
	await browser.close().catch(() => {});
}
main();
