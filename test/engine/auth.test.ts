import type { DocSpaceEmulator } from '../emulator';
import { TestCredentialsHelper } from '../helpers/credentials-helper';
import { useEmulator } from '../helpers/emulator-fixture';
import { logLines, runUpload, uploadParameters, type UploadRunResult } from '../helpers/engine';
import { credentialsFor, MiB, Scratch, type AuthType } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';
import { startSelfSignedProxy, type Proxy } from '../helpers/proxy';
import { DocSpaceApi } from '../../credentials/DocSpaceApi.credentials';

const onN8n1 = require.resolve('n8n-workflow').includes('/compat/n8n-1/');
const emulator = useEmulator({ chunkUploadSize: MiB });
const scratch = new Scratch();

afterAll(() => scratch.cleanup());
beforeEach(() => {
	logLines.length = 0;
});

function secretsOf(server: DocSpaceEmulator): string[] {
	const owner = server.portal.owner;
	return [owner.authKey, owner.apiKey, owner.password, ...server.portal.loginTokens.keys()];
}

/** Everything n8n keeps of a run and logs: the run data with output and errors, and the log lines. */
function everythingRecorded(result: UploadRunResult): string {
	const seen = new WeakSet();
	const text = JSON.stringify({ run: result.run, logs: logLines }, (_key, value: unknown) => {
		if (value instanceof Error) return { ...value, message: value.message, stack: value.stack, cause: (value as { cause?: unknown }).cause };
		if (typeof value === 'object' && value !== null) {
			if (seen.has(value)) return '[circular]';
			seen.add(value);
		}
		return value;
	});
	return `${text} ${String(result.error?.message)} ${String(result.error?.description)}`;
}

describe.each<[AuthType, string]>([
	['authKey', 'cookie'],
	['apiKey', 'api-key'],
	['password', 'cookie'],
])('credentials with %s', (authType, scheme) => {
	test('authenticate every request, chunk requests included, and never show up in output or logs', async () => {
		const source = scratch.file(`auth-${authType}.bin`, 2 * MiB + 7);
		const result = await runUpload({
			credentials: credentialsFor(emulator(), authType),
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
		});
		expect(result.error).toBeUndefined();
		expect(emulator().file(result.output[0].json.id as number)!.versions[0].sha256).toBe(source.sha256);

		const authenticated = emulator().log.entries.filter((entry) => !(entry.method === 'POST' && entry.path === '/api/2.0/authentication'));
		expect(authenticated.length).toBeGreaterThanOrEqual(5);
		for (const entry of authenticated) expect(entry).toMatchObject({ auth: scheme, userId: emulator().portal.owner.id });
		expect(emulator().log.chunkRequests().length).toBe(4);

		const recorded = everythingRecorded(result);
		for (const secret of secretsOf(emulator())) expect(recorded).not.toContain(secret);
		expect(logLines.some((line) => line.level === 'debug' && /Chunk 3 of 3 sent/.test(line.message))).toBe(true);
	});
});

test('sign-in by e-mail and password keeps the session token and signs in again after a 401', async () => {
	const helper = new TestCredentialsHelper([new DocSpaceApi()]);
	helper.set('docSpaceApi', credentialsFor(emulator(), 'password'));
	const first = scratch.file('first.txt', 100);
	await runUpload({ credentials: {}, credentialsHelper: helper, parameters: uploadParameters(2001), files: [{ name: first.name, path: first.path }] });
	expect(helper.preAuthenticationCalls).toBe(1);
	expect(helper.get('docSpaceApi')!.sessionToken).toBeTruthy();

	// A second run reuses the stored token: no new sign-in.
	const second = scratch.file('second.txt', 100);
	await runUpload({ credentials: {}, credentialsHelper: helper, parameters: uploadParameters(2001), files: [{ name: second.name, path: second.path }] });
	expect(helper.preAuthenticationCalls).toBe(1);

	// The portal forgets the token (signed out elsewhere): the 401 makes n8n sign in again.
	emulator().portal.loginTokens.clear();
	emulator().log.clear();
	const third = scratch.file('third.txt', 100);
	const result = await runUpload({ credentials: {}, credentialsHelper: helper, parameters: uploadParameters(2001), files: [{ name: third.name, path: third.path }] });
	expect(result.error).toBeUndefined();
	expect(helper.preAuthenticationCalls).toBe(2);
	// files/settings and settings/version/build answer anyone ([AllowAnonymous]), so the first 401 comes from create_session.
	// n8n 1.x hands that 401 to the node, which sends the request again the way n8n signs in after a 401.
	const expected = [
		'GET /api/2.0/files/settings 200',
		'GET /api/2.0/settings/version/build 200',
		'POST /api/2.0/files/2001/upload/create_session 401',
		...(onN8n1 ? ['POST /api/2.0/files/2001/upload/create_session 401'] : []),
		'POST /api/2.0/authentication 200',
		'POST /api/2.0/files/2001/upload/create_session 200',
	];
	expect(emulator().log.entries.slice(0, expected.length).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(expected);
	expect(emulator().file(result.output[0].json.id as number)!.versions[0].sha256).toBe(third.sha256);
});

describe('bad credentials fail with a message that says so', () => {
	test.each<[string, Record<string, unknown>, string]>([
		['a wrong auth key', { authType: 'authKey', authKey: 'not-a-valid-key' }, 'DocSpace did not accept the credentials (HTTP 401)'],
		['a revoked API key', { authType: 'apiKey', apiKey: 'sk-0000' }, 'DocSpace did not accept the credentials (HTTP 401)'],
		['a wrong password', { authType: 'password', password: 'wrong' }, 'DocSpace did not accept the e-mail and password for owner@docspace.test'],
	])('%s', async (_label, override, message) => {
		const source = scratch.file('secret.txt', 10);
		const result = await runUpload({
			credentials: { ...credentialsFor(emulator()), ...override },
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
		});
		expect(result.error?.message).toBe(message);
		expect(result.output).toEqual([]);
		expect(emulator().log.chunkRequests()).toEqual([]);
		expect(emulator().portal.files.size === 0 || ![...emulator().portal.files.values()].some((file) => file.title === 'secret.txt')).toBe(true);
		const recorded = everythingRecorded(result);
		for (const secret of [...secretsOf(emulator()), 'not-a-valid-key', 'sk-0000']) expect(recorded).not.toContain(secret);
	});
});

describe('a portal with a self-signed certificate', () => {
	let portal: Proxy;
	beforeAll(async () => {
		portal = await startSelfSignedProxy(emulator().url);
	});
	afterAll(async () => await portal.stop());

	test.each<AuthType>(['authKey', 'password'])('is not trusted by default (%s)', async (authType) => {
		const source = scratch.file(`untrusted-${authType}.bin`, 10);
		const result = await runUpload({
			credentials: { ...credentialsFor(emulator(), authType), baseUrl: portal.url },
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
		});
		expectNodeError(result.error, {
			message: /^The TLS certificate of https:\/\/127\.0\.0\.1:\d+ was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
			description: /turn on "Ignore SSL Issues" in the credential/,
		});
		expect(emulator().log.entries).toEqual([]);
	});

	test.each<AuthType>(['authKey', 'password'])('takes the upload when the credential says to ignore SSL issues (%s)', async (authType) => {
		const source = scratch.file(`trusted-${authType}.bin`, 2 * MiB + 7);
		const result = await runUpload({
			credentials: { ...credentialsFor(emulator(), authType), baseUrl: portal.url, ignoreSslIssues: true },
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
		});
		expect(result.error).toBeUndefined();
		expect(emulator().file(result.output[0].json.id as number)!.versions[0].sha256).toBe(source.sha256);
		expect(emulator().log.chunkRequests().length).toBe(4);
	});
});
