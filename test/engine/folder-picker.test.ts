/**
 * The Folder parameter's "From List" mode, run in n8n's LoadOptionsContext against the emulator:
 * what a user sees in the picker, searched and paged on the server.
 */
import { searchFolders } from '../../nodes/DocSpaceUpload/methods/list-search';
import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { FolderType } from '../emulator/model';
import { useEmulator } from '../helpers/emulator-fixture';
import { loadOptionsContext, runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch } from '../helpers/fixtures';

const emulator = useEmulator();
const scratch = new Scratch();

/** Sixty rooms to page through, and folders one and two levels down in a room and in My documents. */
function addFolders(portal: DocSpaceEmulator['portal']): void {
	const owner = portal.owner.id;
	for (let index = 1; index <= 60; index++) {
		portal.addFolder({
			id: 4000 + index, parentId: 1002, title: `Project ${String(index).padStart(2, '0')}`, folderType: FolderType.CustomRoom, roomType: 5,
			createdBy: owner, creators: new Set([owner]),
		});
	}
	portal.addFolder({ id: 5001, parentId: 3001, title: 'Signed offers', folderType: FolderType.Default, createdBy: owner, creators: new Set([owner]) });
	portal.addFolder({ id: 5002, parentId: 1001, title: 'Invoices', folderType: FolderType.Default, createdBy: owner, creators: new Set([owner]) });
	portal.addFolder({ id: 5003, parentId: 5002, title: 'Paid in 2026', folderType: FolderType.Default, createdBy: owner, creators: new Set([owner]) });
}

beforeAll(() => addFolders(emulator().portal));
afterAll(() => scratch.cleanup());

async function pick(filter?: string, token?: string, user = emulator().portal.owner, portal = emulator()) {
	return await searchFolders.call(loadOptionsContext(credentialsFor(portal, 'authKey', user)), filter, token);
}

async function firstPage(filter: string, user = emulator().portal.owner) {
	return (await pick(filter, undefined, user)).results.map((result) => result.name);
}

async function everything(filter?: string, user = emulator().portal.owner, portal = emulator()) {
	const names: string[] = [];
	let token: string | undefined;
	let pages = 0;
	do {
		const page = await pick(filter, token, user, portal);
		names.push(...page.results.map((result) => result.name));
		token = page.paginationToken as string | undefined;
		pages++;
	} while (token && pages < 20);
	return { names, pages };
}

test('lists My documents and the rooms by their paths, page by page', async () => {
	const first = await pick();
	expect(first.results[0]).toEqual({ name: 'My documents', value: '1001', url: `${emulator().url}/rooms/personal/filter?folder=1001` });
	emulator().log.clear();
	const { names, pages } = await everything();
	expect(names).toEqual(expect.arrayContaining(['My documents', 'My documents / Invoices', 'Rooms / Sales', 'Rooms / Contracts', 'Rooms / Project 01', 'Rooms / Project 60']));
	expect(names).toHaveLength(2 + 62);
	expect(new Set(names).size).toBe(names.length);
	expect(pages).toBe(2);
	const roomRequests = emulator().log.apiRequests().filter((entry) => entry.path === '/api/2.0/files/rooms');
	expect(roomRequests.map((entry) => entry.query.startIndex)).toEqual(['0', '50']);
});

test('a name finds rooms and folders at any depth on the first page, named by their path', async () => {
	expect(await firstPage('Contracts')).toEqual(['Rooms / Contracts']);
	expect(await firstPage('Contr')).toEqual(['Rooms / Contracts']);
	expect(await firstPage('Q3')).toEqual(['Rooms / Sales / Q3 reports']);
	expect(await firstPage('offers')).toEqual(['Rooms / Sales / Q3 reports / Signed offers']);
	expect(await firstPage('paid')).toEqual(['My documents / Invoices / Paid in 2026']);
	const [deep] = (await pick('signed')).results;
	expect(deep).toEqual({ name: 'Rooms / Sales / Q3 reports / Signed offers', value: '5001', url: `${emulator().url}/rooms/shared/2001/filter?folder=5001` });
	expect(emulator().log.apiRequests().some((entry) => entry.query.filterValue === 'signed')).toBe(true);
});

test('the search ignores case and finds a name anywhere in the title', async () => {
	expect(await firstPage('q3 REPORTS')).toEqual(['Rooms / Sales / Q3 reports']);
	expect(await firstPage('  ONTRAC ')).toEqual(['Rooms / Contracts']);
	expect(await firstPage('my doc')).toEqual(['My documents']);
});

test('a name that matches nothing gives an empty list and no next page', async () => {
	expect(await pick('nothing like this')).toEqual({ results: [], paginationToken: undefined });
});

test('search results are paged: the first page is full, the next one holds the rest, none twice', async () => {
	const first = await pick('proj');
	expect(first.results).toHaveLength(50);
	expect(first.paginationToken).toBeDefined();
	const second = await pick('proj', first.paginationToken as string);
	expect(second.results).toHaveLength(10);
	expect(second.paginationToken).toBeUndefined();
	const names = [...first.results, ...second.results].map((result) => result.name);
	expect(new Set(names)).toEqual(new Set(Array.from({ length: 60 }, (_, index) => `Rooms / Project ${String(index + 1).padStart(2, '0')}`)));
});

test('shows only where the user may upload', async () => {
	const guest = emulator().portal.users[1];
	expect((await everything('', guest)).names).toEqual(['My documents']);
	expect((await everything('Q3', guest)).names).toEqual([]);
	expect((await everything('Sales', guest)).names).toEqual([]);
});

test('on DocSpace 2.0, which searches below a folder only when asked, the same names are found', async () => {
	const old = await startEmulator({ serverVersion: '2.0' });
	try {
		addFolders(old.portal);
		expect((await everything('Q3', old.portal.owner, old)).names).toEqual(['Rooms / Sales / Q3 reports']);
		expect((await everything('paid', old.portal.owner, old)).names).toEqual(['My documents / Invoices / Paid in 2026']);
		expect((await everything('Sales/', old.portal.owner, old)).names).toEqual(['Rooms / Sales / Q3 reports']);
	} finally {
		await old.stop();
	}
});

test('a path ending in "/" lists the subfolders there', async () => {
	const page = await pick('Sales/');
	expect(page.results).toEqual([{ name: 'Rooms / Sales / Q3 reports', value: '3001', url: `${emulator().url}/rooms/shared/2001/filter?folder=3001` }]);
	expect((await pick('rooms / sales / q3')).results.map((result) => result.name)).toEqual(['Rooms / Sales / Q3 reports']);
	expect((await pick('Sales/offers')).results.map((result) => result.name)).toEqual(['Rooms / Sales / Q3 reports / Signed offers']);
	expect((await pick('My documents/')).results.map((result) => result.name)).toEqual(['My documents / Invoices']);
	expect((await pick('Nowhere/')).results).toEqual([]);
});

test('a typed path goes down room by folder, and its results link into their room', async () => {
	expect((await pick('Sales/Q3 reports/')).results).toEqual([
		{ name: 'Rooms / Sales / Q3 reports / Signed offers', value: '5001', url: `${emulator().url}/rooms/shared/2001/filter?folder=5001` },
	]);
	expect((await pick('Sales/Q3 reports/sign')).results.map((result) => result.name)).toEqual(['Rooms / Sales / Q3 reports / Signed offers']);
	expect((await pick('My documents/Invoices/')).results).toEqual([
		{ name: 'My documents / Invoices / Paid in 2026', value: '5003', url: `${emulator().url}/rooms/personal/filter?folder=5003` },
	]);
	expect((await pick('Sales/No such folder/')).results).toEqual([]);
	expect((await pick('Sales/Q3 reports/Signed offers/')).results).toEqual([]);
});

test('a user without My documents (a guest) still gets the rooms they may upload into', async () => {
	const guest = emulator().portal.users.find((user) => user.isGuest)!;
	expect((await everything('', guest)).names).toEqual(['Rooms / Sales']);
	expect((await everything('sal', guest)).names).toEqual(['Rooms / Sales']);
});

test('results under many different folders are each named by their own path', async () => {
	const owner = emulator().portal.owner.id;
	const teams = Array.from({ length: 8 }, (_, index) => index + 1);
	for (const team of teams) {
		emulator().portal.addFolder({ id: 6000 + team, parentId: 2002, title: `Team ${team}`, folderType: FolderType.Default, createdBy: owner, creators: new Set([owner]) });
		emulator().portal.addFolder({ id: 6100 + team, parentId: 6000 + team, title: `Archive ${team}`, folderType: FolderType.Default, createdBy: owner, creators: new Set([owner]) });
	}
	const { names } = await everything('archive');
	expect(names.sort()).toEqual(teams.map((team) => `Rooms / Contracts / Team ${team} / Archive ${team}`));
});

test('a page that finds nothing after ten server pages ends there and offers the next page', async () => {
	const viewer = emulator().portal.users.find((user) => user.email === 'guest@docspace.test')!;
	const owner = emulator().portal.owner.id;
	for (let index = 1; index <= 560; index++) {
		emulator().portal.addFolder({
			id: 7000 + index, parentId: 1002, title: `Archive room ${index}`, folderType: FolderType.CustomRoom, roomType: 5,
			createdBy: owner, creators: new Set([owner]), readers: new Set([viewer.id]),
		});
	}
	emulator().log.clear();
	const first = await pick('archive room', undefined, viewer);
	expect(first.results).toEqual([]);
	expect(first.paginationToken).toBeDefined();
	expect(emulator().log.apiRequests().filter((entry) => /^\/api\/2\.0\/files\/(@my|\d+)$/.test(entry.path))).toHaveLength(10);
	const second = await pick('archive room', first.paginationToken as string, viewer);
	expect(second).toEqual({ results: [], paginationToken: undefined });
});

test('a folder picked from the list is where the file goes', async () => {
	const [picked] = (await pick('Sales/')).results;
	const source = scratch.file('picked.txt', 42);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: { ...uploadParameters(0), folder: { __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name } },
		files: [{ name: source.name, path: source.path }],
	});
	expect(result.output[0].json).toMatchObject({ title: 'picked.txt', folderId: 3001 });
});
