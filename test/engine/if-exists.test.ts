/**
 * "If File Exists" (node version 2): a new version, both files, skip or fail, on the default profile
 * (upload/check, DocSpace 3.7) and on 2.0 (no upload/check: the folder listing decides); and version 1
 * nodes, saved before the choice existed, with their "Keep Both Files" option.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

describe.each<['3.7' | '2.0']>([['3.7'], ['2.0']])('DocSpace %s', (serverVersion) => {
	const emulator = useEmulator({ chunkUploadSize: 64 * 1024, serverVersion });

	async function upload(name: string, parameters: IDataObject = {}, typeVersion?: number, size = 100_000) {
		const source = scratch.file(name, size);
		emulator().log.clear();
		const result = await runUpload({
			credentials: credentialsFor(emulator()),
			parameters: uploadParameters(2001, parameters),
			files: [{ name: source.name, path: source.path }],
			typeVersion,
		});
		const requests = emulator().log.apiRequests().map((entry) => `${entry.method} ${entry.path}`);
		return { source, result, json: result.output[0]?.json, requests };
	}

	const stored = (id: unknown) => emulator().file(id as number)!.versions.map((version) => version.sha256);
	const sessions = (requests: string[]) => requests.filter((request) => /\/(upload\/create_session|session)$/.test(request));

	test('"Add a New Version" (the default) makes the upload a new version of the existing file', async () => {
		const first = await upload('minutes.docx');
		const second = await upload('minutes.docx');
		expect(second.result.error).toBeUndefined();
		expect(second.json).toMatchObject({ id: first.json.id, version: 2, binaryField: 'data' });
		expect(second.json.skipped).toBeUndefined();
		expect(stored(first.json.id)).toEqual([first.source.sha256, second.source.sha256]);
		expect(second.requests.some((request) => request.endsWith('/upload/check'))).toBe(false);
	});

	test('"Keep Both" adds a second file and leaves the existing one as it was', async () => {
		const first = await upload('offer.pdf');
		const second = await upload('offer.pdf', { ifExists: 'keepBoth' });
		expect(second.result.error).toBeUndefined();
		expect(second.json.id).not.toBe(first.json.id);
		expect(second.json.title).toBe(serverVersion === '3.7' ? 'offer (1).pdf' : 'offer.pdf');
		expect(stored(first.json.id)).toEqual([first.source.sha256]);
		expect(stored(second.json.id)).toEqual([second.source.sha256]);
	});

	test('"Skip" uploads nothing and outputs the existing file, marked as skipped', async () => {
		const first = await upload('nightly: report.csv');
		expect(first.json.title).toBe('nightly_ report.csv');
		const second = await upload('nightly: report.csv', { ifExists: 'skip' });
		expect(second.result.error).toBeUndefined();
		expect(second.json).toMatchObject({ id: first.json.id, title: 'nightly_ report.csv', version: 1, skipped: true, binaryField: 'data' });
		expect(second.result.output[0].pairedItem).toEqual({ item: 0 });
		expect(sessions(second.requests)).toEqual([]);
		expect(second.requests.filter((request) => request.endsWith('/upload/check'))).toHaveLength(1);
		expect(stored(first.json.id)).toEqual([first.source.sha256]);
	});

	test.each([
		['case', 'Budget.XLSX', 'budget.xlsx'],
		['accents', 'resume.pdf', 'Résumé.pdf'],
	])('a name that differs from the existing file\'s only in %s meets that file, as DocSpace compares titles', async (_label, existing, uploaded) => {
		const first = await upload(existing);
		const skipped = await upload(uploaded, { ifExists: 'skip' });
		expect(skipped.json).toMatchObject({ id: first.json.id, title: existing, skipped: true });
		const failed = await upload(uploaded, { ifExists: 'fail' });
		expectNodeError(failed.result.error, { message: `A file named "${existing}" already exists in folder 2001 (file id ${first.json.id})`, operation: true });
		expect(stored(first.json.id)).toEqual([first.source.sha256]);
	});

	test('an answer lost while the upload became the new version of a file named so but for accents is found there, not sent again', async () => {
		const first = await upload('Übersicht.pdf');
		emulator().faults.add(serverVersion === '2.0' ? { kind: 'reset-after-store', on: 'chunk', chunk: 2 } : { kind: 'reset-after-store', on: 'finalize' });
		const second = await upload('ubersicht.pdf', { options: { includeUploadDetails: true } });
		expect(second.result.error).toBeUndefined();
		expect(second.json).toMatchObject({ id: first.json.id, title: 'Übersicht.pdf', version: 2, uploadDetails: { restarts: 0 } });
		expect(stored(first.json.id)).toEqual([first.source.sha256, second.source.sha256]);
	});

	test('a file or folder of the same name further down is not the one in the folder itself', async () => {
		const below = await upload('twin.txt', { options: { relativePath: 'archive' } });
		const here = await upload('twin.txt');
		expect(here.json.id).not.toBe(below.json.id);
		expect((await upload('twin.txt', { ifExists: 'skip' })).json).toMatchObject({ id: here.json.id, skipped: true });

		const deepScan = await upload('scan.tif', { options: { relativePath: '2026/scans' } });
		const topScan = await upload('scan.tif', { ifExists: 'skip', options: { relativePath: 'scans' } });
		expect(topScan.json.skipped).toBeUndefined();
		expect(topScan.json.id).not.toBe(deepScan.json.id);
		expect(emulator().portal.folder(topScan.json.folderId as number)).toMatchObject({ title: 'scans', parentId: 2001 });
	});

	test('each file is checked with upload/check where the portal has it, by listing alone after one 404 where not (2.0)', async () => {
		const files = ['one.txt', 'two.txt'].map((name) => scratch.file(name, 10)).map((file) => ({ name: file.name, path: file.path }));
		emulator().log.clear();
		const result = await runUpload({ credentials: credentialsFor(emulator()), parameters: uploadParameters(2001, { ifExists: 'skip' }), files });
		expect(result.error).toBeUndefined();
		const requests = emulator().log.apiRequests().map((entry) => `${entry.method} ${entry.path}`);
		expect(requests.filter((request) => request.endsWith('/upload/check'))).toHaveLength(serverVersion === '2.0' ? 1 : 2);
		expect(requests.filter((request) => request === 'GET /api/2.0/files/2001')).toHaveLength(serverVersion === '2.0' ? 2 : 0);
	});

	test('the existing file is found on a later page of the folder listing', async () => {
		// 120 files whose titles contain the name, listed before it: DocSpace lists 100 per page.
		const portal = emulator().portal;
		for (let n = 1; n <= 120; n++) await portal.commitChunks(portal.createSession(portal.owner, 2001, { fileName: `old agenda.odt ${n}.bak`, fileSize: 0 }));
		const first = await upload('agenda.odt');
		const again = await upload('agenda.odt', { ifExists: 'skip' });
		expect(again.json).toMatchObject({ id: first.json.id, skipped: true });
		expect(again.requests.filter((request) => request === 'GET /api/2.0/files/2001')).toHaveLength(2);
		expect(sessions(again.requests)).toEqual([]);
	});

	test('a file whose name only appears inside another title is not taken for it', async () => {
		const longer = await upload('summary.pdf (draft).pdf');
		const shorter = await upload('summary.pdf', { ifExists: 'skip' });
		expect(shorter.json.skipped).toBeUndefined();
		expect(shorter.json.id).not.toBe(longer.json.id);
		expect(stored(shorter.json.id)).toEqual([shorter.source.sha256]);
	});

	test('"Skip" uploads a file whose name is not there yet', async () => {
		const { result, json, source } = await upload('fresh.txt', { ifExists: 'skip' });
		expect(result.error).toBeUndefined();
		expect(json.skipped).toBeUndefined();
		expect(stored(json.id)).toEqual([source.sha256]);
	});

	test('"Fail" fails the item naming the existing file and its id, and uploads nothing', async () => {
		const first = await upload('contract.pdf');
		const second = await upload('contract.pdf', { ifExists: 'fail' });
		expectNodeError(second.result.error, {
			message: `A file named "contract.pdf" already exists in folder 2001 (file id ${first.json.id})`,
			description: /"If File Exists" is set to "Fail"/,
			operation: true,
		});
		expect(sessions(second.requests)).toEqual([]);
		expect(stored(first.json.id)).toEqual([first.source.sha256]);
	});

	test('with "Relative Path", an existing subfolder is looked into and a missing one is not created to look', async () => {
		const first = await upload('scan.png', { options: { relativePath: '2026/scans' } });
		const again = await upload('scan.png', { ifExists: 'skip', options: { relativePath: '2026/scans' } });
		expect(again.json).toMatchObject({ id: first.json.id, folderId: first.json.folderId, skipped: true });

		const elsewhere = await upload('scan.png', { ifExists: 'fail', options: { relativePath: '2026/new/deeper' } });
		expect(elsewhere.result.error).toBeUndefined();
		expect(elsewhere.json.id).not.toBe(first.json.id);
		const lookups = elsewhere.requests.slice(0, elsewhere.requests.indexOf(sessions(elsewhere.requests)[0]));
		expect(lookups.filter((request) => !request.startsWith('GET ') && !request.endsWith('/upload/check'))).toEqual([]);
		expect(emulator().portal.folder(elsewhere.json.folderId as number)!.title).toBe('deeper');
	});

	test('a version 1 node keeps its behaviour: a new version by default, "Keep Both Files" as its option, no binaryField', async () => {
		const first = await upload('ledger.xlsx', {}, 1);
		const again = await upload('ledger.xlsx', { ifExists: 'skip' }, 1);
		expect(again.json).toMatchObject({ id: first.json.id, version: 2 });
		expect(again.json).not.toHaveProperty('binaryField');
		expect(again.json).not.toHaveProperty('skipped');
		const both = await upload('ledger.xlsx', { options: { createNewIfExist: true } }, 1);
		expect(both.json.id).not.toBe(first.json.id);
		expect(stored(first.json.id)).toEqual([first.source.sha256, again.source.sha256]);
	});
});
