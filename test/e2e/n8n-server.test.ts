/**
 * The package in a running n8n server (each of N8N_VERSIONS): a published webhook workflow receives
 * a file and answers with the file DocSpace created, and n8n's credential test checks the credential type.
 */
import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { startRecorder } from '../helpers/recorder';
import { credentialsFor, MiB, Scratch } from '../helpers/fixtures';
import { N8N_VERSIONS, RealN8n } from './real-n8n';
import { credentialFile, postFileToWebhook, webhookToDocSpace, type DocSpaceCredential } from './workflows';

jest.setTimeout(300_000);

const scratch = new Scratch();
const WEBHOOK_WORKFLOW = 'WebhookDocSpace1';

afterAll(() => scratch.cleanup());

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
	let emulator: DocSpaceEmulator;
	let n8n: RealN8n;
	let credential: DocSpaceCredential;

	beforeAll(async () => {
		emulator = await startEmulator({ chunkUploadSize: MiB });
		n8n = await RealN8n.create({ version });
		credential = { id: 'docspaceServer01', name: 'DocSpace emulator', data: credentialsFor(emulator, 'apiKey') };
		await n8n.importCredentials([credentialFile(credential)]);
		await n8n.importWorkflows([webhookToDocSpace(WEBHOOK_WORKFLOW, 'docspace-upload', credential)]);
		await n8n.publishWorkflow(WEBHOOK_WORKFLOW);
		await n8n.start();
		await n8n.signIn();
	});

	afterAll(async () => {
		await n8n?.destroy();
		await emulator?.stop();
	});

	test('a file posted to the webhook is uploaded and the caller gets the created file back', async () => {
		const source = scratch.file('from-webhook.pdf', 2 * MiB + 99);
		const response = await postFileToWebhook(`${n8n.url}/webhook/docspace-upload`, source.path, source.name);
		expect(response.status).toBe(200);
		const file = (await response.json()) as { id: number; title: string; pureContentLength: number };
		expect(file).toMatchObject({ title: 'from-webhook.pdf', pureContentLength: source.bytes.length, folderId: 2001 });
		expect(emulator.file(file.id)!.versions[0].sha256).toBe(source.sha256);
		expect(emulator.log.chunkRequests().every((entry) => entry.auth === 'api-key')).toBe(true);
	});

	describe("n8n's credential test", () => {
		/** As the editor does it: the credential is saved, then tested. */
		async function testCredential(data: Record<string, unknown>) {
			const name = `DocSpace test ${Math.random()}`;
			const saved = await n8n.rest<{ data: { id: string } }>('POST', 'credentials', { name, type: 'docSpaceApi', data });
			expect(saved.status).toBe(200);
			const { status, body } = await n8n.rest<{ data: { status: string; message: string } }>('POST', 'credentials/test', {
				credentials: { id: saved.body.data.id, name, type: 'docSpaceApi', data },
			});
			expect(status).toBe(200);
			return body.data;
		}

		test.each(['authKey', 'apiKey', 'password'] as const)('passes with good credentials (%s)', async (authType) => {
			expect(await testCredential(credentialsFor(emulator, authType))).toEqual({ status: 'OK', message: 'Connection successful!' });
		});

		test('fails with a bad key, saying what to check', async () => {
			expect(await testCredential({ ...credentialsFor(emulator, 'authKey'), authKey: 'revoked' })).toEqual({
				status: 'Error',
				message: 'DocSpace did not accept these credentials. Check the portal URL and the key (an auth key stops working when its session signs out).',
			});
			expect((await testCredential({ ...credentialsFor(emulator, 'apiKey'), apiKey: 'sk-revoked' })).status).toBe('Error');
		});

		test('fails for a server that answers 200 but is not DocSpace, saying so', async () => {
			const page = await startRecorder((_request, response) => {
				response.writeHead(200, { 'Content-Type': 'text/html' });
				response.end('<html><head><title>n8n.io - Workflow Automation</title></head></html>');
			});
			try {
				const result = await testCredential({ ...credentialsFor(emulator, 'authKey'), baseUrl: page.url });
				expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The Portal URL did not answer as a DocSpace portal\. Enter only the portal's address/) });
			} finally {
				await page.stop();
			}
		});

		test('fails with a wrong password, saying so', async () => {
			const result = await testCredential({ ...credentialsFor(emulator, 'password'), password: 'wrong' });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('DocSpace did not accept the e-mail and password for owner@docspace.test');
		});
	});
});
