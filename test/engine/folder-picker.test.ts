/**
 * The Folder parameter's "From List" mode, run in n8n's LoadOptionsContext against the emulator:
 * what a user sees in the picker, searched and paged on the server.
 */
import { searchFolders } from '../../nodes/DocSpaceUpload/methods/list-search';
import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { FolderType } from '../emulator/model';
import { loadOptionsContext, runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch } from '../helpers/fixtures';

let emulator: DocSpaceEmulator;
const scratch = new Scratch();

beforeAll(async () => {
	emulator = await startEmulator();
	for (let index = 1; index <= 60; index++) {
		emulator.portal.addFolder({
			id: 4000 + index, parentId: 1002, title: `Project ${String(index).padStart(2, '0')}`, folderType: FolderType.CustomRoom, roomType: 5,
			createdBy: emulator.portal.owner.id, creators: new Set([emulator.portal.owner.id]),
		});
	}
});
afterAll(async () => {
	await emulator.stop();
	scratch.cleanup();
});
beforeEach(() => emulator.log.clear());

async function pick(filter?: string, token?: string, user = emulator.portal.owner) {
	return await searchFolders.call(loadOptionsContext(credentialsFor(emulator, 'authKey', user)), filter, token);
}

async function everything(filter?: string, user = emulator.portal.owner) {
	const names: string[] = [];
	let token: string | undefined;
	let pages = 0;
	do {
		const page = await pick(filter, token, user);
		names.push(...page.results.map((result) => result.name));
		token = page.paginationToken as string | undefined;
		pages++;
	} while (token && pages < 20);
	return { names, pages };
}

test('lists My documents and the rooms by their paths, page by page', async () => {
	const first = await pick();
	expect(first.results[0]).toEqual({ name: 'My documents', value: '1001', url: `${emulator.url}/rooms/personal/filter?folder=1001` });
	const { names, pages } = await everything();
	expect(names).toEqual(expect.arrayContaining(['My documents', 'Rooms / Sales', 'Rooms / Contracts', 'Rooms / Project 01', 'Rooms / Project 60']));
	expect(names).toHaveLength(1 + 62);
	expect(pages).toBeGreaterThanOrEqual(3);
	const roomRequests = emulator.log.apiRequests().filter((entry) => entry.path === '/api/2.0/files/rooms');
	expect(roomRequests.map((entry) => entry.query.startIndex)).toEqual(['0', '50']);
});

test('searches on the server and shows only where the user may upload', async () => {
	const { names } = await everything('proj');
	expect(names).toHaveLength(60);
	expect(emulator.log.apiRequests().some((entry) => entry.query.filterValue === 'proj')).toBe(true);

	const guest = emulator.portal.users[1];
	const { names: forGuest } = await everything('', guest);
	expect(forGuest).toEqual(['My documents']);
});

test('a path ending in "/" lists the subfolders there', async () => {
	const page = await pick('Sales/');
	expect(page.results).toEqual([{ name: 'Rooms / Sales / Q3 reports', value: '3001', url: `${emulator.url}/rooms/shared/2001/filter?folder=3001` }]);
	expect((await pick('rooms / sales / q3')).results.map((result) => result.name)).toEqual(['Rooms / Sales / Q3 reports']);
	expect((await pick('Nowhere/')).results).toEqual([]);
});

test('a folder picked from the list is where the file goes', async () => {
	const [picked] = (await pick('Sales/')).results;
	const source = scratch.file('picked.txt', 42);
	const result = await runUpload({
		credentials: credentialsFor(emulator),
		parameters: { ...uploadParameters(0), folder: { __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name } },
		files: [{ name: source.name, path: source.path }],
	});
	expect(result.output[0].json).toMatchObject({ title: 'picked.txt', folderId: 3001 });
});
