/**
 * The package in the real n8n 2.41.1 editor, driven in headless Chromium: what a user sees when
 * they look for the node, add it, fill in its parameters, open its credential form, and execute a
 * workflow that uploads a multi-chunk file to the DocSpace emulator.
 *
 * Saves folder-picker.png, node-parameters.png, credential-form.png and workflow-output.png (into
 * docs/images with UPDATE_DOCS_SCREENSHOTS=1).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { credentialsFor, MiB, Scratch } from '../helpers/fixtures';
import {
	editorContext,
	eventually,
	expectAttribute,
	expectText,
	expectTextContaining,
	expectValue,
	launchChromium,
	saveScreenshot,
	settle,
	signInWithForm,
} from './browser';
import { RealN8n } from './real-n8n';
import { credentialFile, diskToDocSpace, type DocSpaceCredential } from './workflows';

jest.setTimeout(300_000);

/** Generous: the suite may run on a slow 2-core CI machine. */
const SLOW = 120_000;
const WORKFLOW_ID = 'EditorDocSpace01';
const CHUNK = MiB;

let emulator: DocSpaceEmulator;
let n8n: RealN8n;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let credential: DocSpaceCredential;
const scratch = new Scratch();
/** Three chunks: 1 MiB, 1 MiB and 0.5 MiB + 321 bytes. */
const source = scratch.file('editor-upload.bin', 2 * CHUNK + CHUNK / 2 + 321);

beforeAll(async () => {
	emulator = await startEmulator({ chunkUploadSize: CHUNK });
	n8n = await RealN8n.create({ filesDir: scratch.dir });
	credential = { id: 'docspaceEditor01', name: 'DocSpace emulator', data: credentialsFor(emulator, 'authKey') };
	await n8n.importCredentials([credentialFile(credential)]);
	await n8n.importWorkflows([{ ...diskToDocSpace(WORKFLOW_ID, source.path, credential), name: 'Upload a file to DocSpace' }]);
	await n8n.start();
	await n8n.signIn(); // sets up the owner account that the browser signs in with
	browser = await launchChromium();
	context = await editorContext(browser);
	page = await context.newPage();
});

afterAll(async () => {
	await context?.close().catch(() => undefined);
	await browser?.close().catch(() => undefined);
	await n8n?.destroy();
	await emulator?.stop();
	scratch.cleanup();
});

/** The node details view (NDV) and its parts. */
const ndv = () => page.getByTestId('ndv');
const parameters = () => ndv().getByTestId('node-parameters');
const label = (name: string) => parameters().locator(`label[for="${name}"]`);
const input = (name: string) => parameters().getByTestId(`parameter-input-${name}`).locator('input');
const canvasNode = (name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
const successToast = () => page.getByRole('alert').filter({ hasText: 'Workflow executed successfully' });

/** A label's own text, without the Fixed/Expression switch n8n renders inside it. */
async function labelText(locator: Locator): Promise<string> {
	return (await locator.innerText()).split('\n')[0].trim();
}

/** Hovers the (?) icon of a label and returns the tooltip it opens: n8n shows a parameter's description there. */
async function descriptionOf(labelLocator: Locator, startsWith: string): Promise<string> {
	await labelLocator.hover();
	await labelLocator.locator('[data-icon="circle-help"]').hover();
	const tooltip = page.getByTestId('tooltip-content').filter({ hasText: startsWith });
	await tooltip.waitFor();
	const text = (await tooltip.innerText()).trim();
	await page.mouse.move(5, 5);
	await tooltip.waitFor({ state: 'hidden' });
	return text;
}

/** The addresses of the links inside `locator`. */
async function linksIn(locator: Locator): Promise<string[]> {
	return await locator.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
}

/** The entries of the open folder picker (its dropdown is teleported out of the NDV) and its search box. */
const pickerItems = () => page.getByTestId('rlc-item');
const pickerSearch = () => page.getByTestId('rlc-search'); // n8n puts the test id on the <input> itself

/** The picker lists exactly these entries, in this order, within the timeout. */
async function expectItems(expected: string[]): Promise<void> {
	await eventually(async () => expect((await pickerItems().allInnerTexts()).map((text) => text.split('\n')[0].trim())).toEqual(expected));
}

/** The options of the open dropdown, first lines only (element-plus keeps closed dropdowns in the DOM, hidden). */
async function openOptions(): Promise<string[]> {
	const options = page.getByRole('option');
	await options.first().waitFor();
	return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

test('the owner signs in through the sign-in form', async () => {
	await signInWithForm(page, n8n.url);
	const cookies = await context.cookies(n8n.url);
	expect(cookies.map((cookie) => cookie.name)).toContain('n8n-auth');
});

describe('a new workflow', () => {
	test('the nodes panel finds "DocSpace Upload" by "onlyoffice" and by "DocSpace", and adds it to the canvas', async () => {
		await page.goto(`${n8n.url}/workflow/new`);
		await page.getByTestId('canvas-add-button').click({ timeout: SLOW });
		const item = page.getByTestId('node-creator-node-item').filter({ hasText: 'DocSpace Upload' });
		// The codex file's aliases: the name users know the product by.
		await page.getByTestId('node-creator-search-bar').fill('onlyoffice');
		await expectText(item.getByTestId('node-creator-item-name'), 'DocSpace Upload');
		await page.getByTestId('node-creator-search-bar').fill('DocSpace');
		await expectText(item.getByTestId('node-creator-item-name'), 'DocSpace Upload');
		await expectText(item.getByTestId('node-creator-item-description'), 'Upload files of any size into ONLYOFFICE DocSpace rooms and folders');

		// A community node first opens its details ("Installed", "Via npm") with an "Add to workflow" button.
		await item.click();
		await expectTextContaining(page.getByTestId('nodes-list-header'), 'Node details');
		await page.getByRole('button', { name: 'Add to workflow' }).click();

		await ndv().waitFor();
		await expectText(ndv().getByTestId('node-title-container'), 'DocSpace Upload');
		await expectAttribute(canvasNode('DocSpace Upload'), 'data-node-type', 'n8n-nodes-docspace-upload.docSpaceUpload');
	});

	test('the "Docs" link of the node opens this package\'s documentation', async () => {
		await eventually(async () =>
			expect(await linksIn(ndv())).toContainEqual(expect.stringMatching(/^https:\/\/www\.npmjs\.com\/package\/n8n-nodes-docspace-upload\?/)),
			10_000,
		);
	});

	test('the parameter panel shows the parameters with their labels, defaults and hints', async () => {
		expect(await labelText(label('folder'))).toBe('Folder');
		expect(await labelText(label('binaryPropertyName'))).toBe('Input Binary Field');
		expect(await labelText(label('fileName'))).toBe('File Name');
		expect(await labelText(label('ifExists'))).toBe('If File Exists');
		expect(await labelText(label('options'))).toBe('Options');

		// The only credential of the type is selected by itself.
		await expectValue(ndv().getByTestId('node-credentials-select').locator('input'), credential.name);

		// n8n names the list mode "From list" itself, whatever the node calls it.
		const folder = parameters().getByTestId('resource-locator-folder');
		await expectValue(folder.getByTestId('rlc-mode-selector').locator('input'), 'From list');
		await expectValue(folder.getByTestId('rlc-input'), '');
		await expectAttribute(folder.getByTestId('rlc-input'), 'placeholder', 'Select a room or folder…');
		await parameters().getByText('Type a name to search, or a path ending in "/" (like Sales/) to list its subfolders', { exact: true }).waitFor();

		await expectValue(input('binaryPropertyName'), 'data');
		await expectAttribute(input('binaryPropertyName'), 'placeholder', 'e.g. data, or attachment_*');
		await parameters()
			.getByText('The input binary field with the file, or several: names separated by commas, and patterns like attachment_* (* for all fields)', { exact: true })
			.waitFor();

		await expectValue(input('fileName'), '');
		await expectAttribute(input('fileName'), 'placeholder', 'e.g. report.pdf');
		await expectValue(input('ifExists'), 'Add a New Version');
		await parameters().getByTestId('parameter-input-ifExists').click();
		expect(await openOptions()).toEqual(['Add a New Version', 'Fail', 'Keep Both', 'Skip']);
		await page.getByRole('option', { name: /^Skip/ }).click();
		await expectValue(input('ifExists'), 'Skip');
		await expectAttribute(parameters().getByTestId('collection-parameter-add').locator('input'), 'placeholder', 'Add option');
	});

	test('descriptions show in the tooltips of the labels', async () => {
		expect(await descriptionOf(label('folder'), 'The room')).toBe('The room or folder that receives the files');
		expect(await descriptionOf(label('binaryPropertyName'), 'Find the names')).toMatch(/^Find the names of the fields in the Binary tab .* the output's binaryField names the field it came from\.$/);
		expect(await descriptionOf(label('fileName'), 'The name')).toBe(
			'The name of the file in DocSpace, with its extension. Leave empty to keep the name of the binary file. Only for an item with one file: when Input Binary Field selects several, leave it empty.',
		);
		expect(await descriptionOf(label('ifExists'), 'What to do')).toMatch(/^What to do when the folder already has a file with this name .* Skip and Fail look just before the upload/);
	});

	test('Folder From list shows My documents and the rooms by path, finds folders by name, and lists subfolders for a path ending in "/"', async () => {
		const folder = parameters().getByTestId('resource-locator-folder');
		const value = folder.getByTestId('rlc-input');

		await value.click();
		await expectItems(['My documents', 'Rooms / Sales', 'Rooms / Contracts']);

		// Part of a name, in any case, finds rooms and the folders inside them on the first page.
		await pickerSearch().fill('S');
		await expectItems(['My documents', 'Rooms / Sales', 'Rooms / Sales / Q3 reports', 'Rooms / Contracts']);
		await settle(page);
		await saveScreenshot(page, 'folder-picker.png');
		await pickerSearch().fill('Contr');
		await expectItems(['Rooms / Contracts']);
		await pickerSearch().fill('Q3');
		await expectItems(['Rooms / Sales / Q3 reports']);
		await pickerSearch().fill('sales');
		await expectItems(['Rooms / Sales']);

		await pickerSearch().fill('Sales/');
		await expectItems(['Rooms / Sales / Q3 reports']);
		await pickerItems().filter({ hasText: 'Rooms / Sales / Q3 reports' }).click();
		await pickerItems().first().waitFor({ state: 'hidden' });
		await expectValue(value, 'Rooms / Sales / Q3 reports');
		await expectValue(folder.getByTestId('rlc-mode-selector').locator('input'), 'From list');
		await expectTextContaining(canvasNode('DocSpace Upload'), 'to folder 3001', 5_000);
	});

	test('Folder offers the modes From list, By ID and By URL, each with its placeholder, hint and validation', async () => {
		const folder = parameters().getByTestId('resource-locator-folder');
		const mode = folder.getByTestId('rlc-mode-selector');
		const value = folder.getByTestId('rlc-input');

		await mode.click();
		expect(await openOptions()).toEqual(['From list', 'By ID', 'By URL']);
		await page.getByTestId('mode-url').click();
		await expectValue(mode.locator('input'), 'By URL');
		await expectAttribute(value, 'placeholder', 'e.g. https://example.onlyoffice.com/rooms/shared/2001/filter?folder=2001');
		await parameters().getByText('Open the room or folder in DocSpace and paste the address from the browser', { exact: true }).waitFor();

		await mode.click();
		await openOptions();
		await page.getByTestId('mode-id').click();
		await expectValue(mode.locator('input'), 'By ID');
		await expectAttribute(value, 'placeholder', 'e.g. 2001');
		await parameters().getByText('The number after "folder=" in the address of the room or folder in DocSpace, or @my for My documents', { exact: true }).waitFor();

		// A value that is not a folder ID gets a warning sign, whose tooltip says what to enter.
		await value.fill('abc');
		await value.blur();
		const issues = folder.getByTestId('parameter-issues');
		await issues.locator('svg').hover();
		await page.getByTestId('tooltip-content').filter({ hasText: 'Enter a folder ID (a number) or @my' }).waitFor();
		await page.mouse.move(5, 5);

		await value.fill('2001');
		await value.blur();
		await issues.waitFor({ state: 'hidden' });
		await expectValue(value, '2001');
	});

	test('the Options collection offers the options, and added ones show with their defaults', async () => {
		const add = parameters().getByTestId('collection-parameter-add');
		await add.click();
		expect(await openOptions()).toEqual([
			'Created On',
			'Encrypted (Private Room)',
			'Files Uploaded at Once',
			'Include Upload Details',
			'Parallel Chunks',
			'Relative Path',
			'Request Timeout (Seconds)',
			'Retries per Request',
			'Upload Mode',
		]);
		await page.getByRole('option', { name: 'Relative Path', exact: true }).click();
		await label('relativePath').waitFor();
		await expectAttribute(input('relativePath'), 'placeholder', 'e.g. 2026/invoices');
		await input('relativePath').fill('2026/invoices');
		await input('relativePath').blur(); // a focused input shows a tip popover over the fields below it

		await add.click();
		await openOptions();
		await page.getByRole('option', { name: 'Upload Mode', exact: true }).click();
		await expectValue(input('uploadMode'), 'Auto');
		await parameters().getByTestId('parameter-input-uploadMode').click();
		expect(await openOptions()).toEqual(['Auto', 'Numbered Chunks', 'One Chunk at a Time']);
		await page.getByRole('option', { name: /^Auto/ }).click();
		await expectValue(input('uploadMode'), 'Auto');
		expect(await descriptionOf(label('uploadMode'), 'How chunks')).toMatch(/^How chunks are sent/);

		// Options already added are offered no more.
		await add.click();
		const offered = await openOptions();
		expect(offered).not.toContain('Relative Path');
		expect(offered).toContain('Parallel Chunks');
		await ndv().getByTestId('tab-params').click(); // a click elsewhere closes the dropdown
		await page.getByRole('option', { name: 'Parallel Chunks' }).waitFor({ state: 'hidden' });

		await settle(page);
		await expectValue(parameters().getByTestId('rlc-input'), '2001');
		await saveScreenshot(page, 'node-parameters.png');
	});

	test('the credential form of "ONLYOFFICE DocSpace API" opens from the node and closes without saving', async () => {
		await ndv().getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-new').click();

		const modal = page.getByTestId('editCredential-modal');
		await modal.waitFor();
		await expectTextContaining(modal, 'ONLYOFFICE DocSpace API');
		await expectTextContaining(modal.getByTestId('credential-name'), 'ONLYOFFICE DocSpace account');

		const fields = modal.getByTestId('credential-connection-parameter');
		const fieldLabels = async () => (await fields.allInnerTexts()).map((text) => text.split('\n')[0].replace(/\s*\*$/, '').trim());
		await fields.first().waitFor();
		expect(await fieldLabels()).toEqual(expect.arrayContaining(['Portal URL', 'Authentication', 'Auth Key', 'Ignore SSL Issues (Insecure)']));
		expect(await fieldLabels()).not.toContain('API Key');
		await expectAttribute(modal.getByTestId('parameter-input-baseUrl').locator('input'), 'placeholder', 'https://example.onlyoffice.com');
		await expectValue(modal.getByTestId('parameter-input-authType').locator('input'), 'Auth Key');
		await expectAttribute(modal.getByTestId('parameter-input-authKey').locator('input'), 'type', 'password');

		await modal.getByTestId('parameter-input-authType').click();
		expect(await openOptions()).toEqual(['Auth Key', 'API Key', 'E-Mail and Password']);
		await page.getByRole('option', { name: /^Auth Key/ }).click();
		await expectValue(modal.getByTestId('parameter-input-authType').locator('input'), 'Auth Key');
		await page.getByRole('option', { name: 'API Key' }).waitFor({ state: 'hidden' });
		await settle(page);
		await saveScreenshot(page, 'credential-form.png');

		await eventually(async () =>
			expect(await linksIn(modal)).toContain('https://www.npmjs.com/package/n8n-nodes-docspace-upload#credentials-onlyoffice-docspace-api'),
			10_000,
		);

		await modal.getByRole('button', { name: 'Close this dialog' }).click();
		await modal.waitFor({ state: 'hidden' });
		await expectValue(ndv().getByTestId('node-credentials-select').locator('input'), credential.name);
		const saved = await n8n.rest<{ data: Array<{ id: string }> }>('GET', 'credentials');
		expect(saved.body.data.map((entry) => entry.id)).toEqual([credential.id]);
	});
});

describe('the imported workflow', () => {
	test('opens on the canvas with its three nodes', async () => {
		// A fresh tab, so that leaving the new workflow cannot be held up by an unsaved-changes prompt.
		await page.close();
		page = await context.newPage();
		await page.goto(`${n8n.url}/workflow/${WORKFLOW_ID}`);
		await expectTextContaining(page.getByTestId('workflow-name-input'), 'Upload a file to DocSpace', SLOW);
		for (const name of ['Manual Trigger', 'Read Files', 'DocSpace Upload']) await canvasNode(name).waitFor();
	});

	test('the canvas names the folder under the node', async () => {
		await expectTextContaining(canvasNode('DocSpace Upload'), 'to folder 2001', 5_000);
	});

	test('"Execute workflow" runs it to success', async () => {
		emulator.log.clear();
		await page.getByTestId('execute-workflow-button').click();
		await successToast().waitFor({ timeout: SLOW });
		for (const name of ['Manual Trigger', 'Read Files', 'DocSpace Upload']) {
			await canvasNode(name).getByTestId('canvas-node-status-success').waitFor();
		}
		await expectTextContaining(canvasNode('DocSpace Upload').getByTestId('canvas-node-output-handle'), '1 item');
	});

	let fileId: number;

	test('the output panel of DocSpace Upload shows the created file', async () => {
		await canvasNode('DocSpace Upload').dblclick();
		const output = ndv().getByTestId('output-panel');
		await expectText(output.getByTestId('ndv-items-count'), '1 item');

		await output.getByTestId('radio-button-table').click();
		await output.getByRole('columnheader', { name: 'title' }).waitFor();
		const headers = (await output.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
		const cells = (await output.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).map((text) => text.trim());
		const row = Object.fromEntries(headers.map((header, index) => [header, cells[index]]));
		expect(row).toMatchObject({ title: source.name, pureContentLength: String(source.bytes.length), folderId: '2001', version: '1' });
		expect(row.id).toMatch(/^\d+$/);
		expect(row.webUrl).toContain(`fileid=${row.id}`);
		fileId = Number(row.id);
	});

	test('the file arrived in DocSpace in three chunks, byte for byte', () => {
		const stored = emulator.file(fileId)!;
		expect(stored).toMatchObject({ title: source.name, folderId: 2001 });
		expect(stored.versions).toHaveLength(1);
		expect(stored.versions[0].sha256).toBe(source.sha256);
		expect(stored.versions[0].size).toBe(source.bytes.length);
		const booked = emulator.log
			.chunkRequests()
			.filter((entry) => entry.booked !== undefined)
			.map((entry) => entry.booked);
		expect(booked.sort()).toEqual([CHUNK, CHUNK, CHUNK / 2 + 321].sort());
	});

	test('the output in the Schema view shows the title and size of the file', async () => {
		const output = ndv().getByTestId('output-panel');
		await output.getByTestId('radio-button-schema').click();
		const item = (name: string) => output.getByTestId('run-data-schema-item').filter({ has: page.locator(`[data-name="${name}"]`) });
		await expectText(item('pureContentLength').getByTestId('run-data-schema-item-value'), String(source.bytes.length));
		// Fold the nested objects so that the title fits in the picture (the list only renders what is in view).
		for (const name of ['viewAccessibility', 'security']) {
			const toggle = item(name).locator('.toggle');
			await toggle.scrollIntoViewIfNeeded();
			await toggle.click();
		}
		await expectText(item('title').getByTestId('run-data-schema-item-value'), source.name);
		await output.getByTestId('run-data-schema-item').first().scrollIntoViewIfNeeded();
		// The toast would cover the output; it closes by itself after a few seconds, or at once with its ×.
		if (await successToast().isVisible()) await successToast().locator('.el-notification__closeBtn').click({ timeout: 5_000 }).catch(() => undefined);
		await successToast().waitFor({ state: 'hidden', timeout: SLOW });
		await settle(page);
		await saveScreenshot(page, 'workflow-output.png');
	});
});
