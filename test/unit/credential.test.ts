import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
	NodeHelpers,
	type ICredentialDataDecryptedObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeParameters,
	type INodeProperties,
} from 'n8n-workflow';

import { DocSpaceApi } from '../../credentials/DocSpaceApi.credentials';

/**
 * The credential's form, read with n8n-workflow's own helpers: which fields n8n shows for each way to
 * sign in, which it reports as missing, which it masks, and the defaults it stores.
 */
let credential: DocSpaceApi;
let properties: INodeProperties[];
// Made anew for each test: Stryker counts a line as covered by the tests that run it, not by loading the file.
beforeEach(() => {
	credential = new DocSpaceApi();
	properties = credential.properties;
});

function asNode(values: INodeParameters): INode {
	return { id: 'credential', name: 'credential', type: credential.name, typeVersion: 1, position: [0, 0], parameters: values };
}

/** The fields n8n shows for these values. */
function shown(values: INodeParameters): string[] {
	return properties.filter((property) => property.type !== 'hidden' && NodeHelpers.displayParameter(values, property, null, null)).map(({ name }) => name);
}

/** The fields n8n reports as missing for these values. */
function missing(values: INodeParameters): string[] {
	const issues = NodeHelpers.getNodeParametersIssues(properties, asNode(values), null);
	return Object.keys(issues?.parameters ?? {});
}

describe('the credential form', () => {
	test.each([
		['authKey', ['baseUrl', 'authType', 'authKey', 'ignoreSslIssues']],
		['apiKey', ['baseUrl', 'authType', 'apiKey', 'ignoreSslIssues']],
		['password', ['baseUrl', 'authType', 'email', 'password', 'ignoreSslIssues']],
	])('signing in by %s shows its own fields and no other', (authType, fields) => {
		expect(shown({ authType })).toEqual(fields);
	});

	test('offers the three ways to sign in, an auth key by default', () => {
		const authType = properties.find(({ name }) => name === 'authType');
		expect(authType?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(['authKey', 'apiKey', 'password']);
		expect(NodeHelpers.getNodeParameters(properties, {}, true, false, null, null)).toMatchObject({ authType: 'authKey' });
	});

	test.each([
		['authKey', ['baseUrl', 'authKey']],
		['apiKey', ['baseUrl', 'apiKey']],
		['password', ['baseUrl', 'email', 'password']],
	])('an empty form signing in by %s is missing the portal and the secrets of that way alone', (authType, fields) => {
		const empty = NodeHelpers.getNodeParameters(properties, { authType }, true, false, null, null) as INodeParameters;
		expect(missing(empty).sort()).toEqual([...fields].sort());
	});

	test('a filled form is missing nothing', () => {
		expect(missing({ baseUrl: 'https://portal.example.com', authType: 'password', email: 'ann@example.com', password: 'pw' })).toEqual([]);
	});

	test('every secret is masked in the editor, the session token n8n keeps included', () => {
		const masked = properties.filter((property) => property.typeOptions?.password === true).map(({ name }) => name);
		expect(masked.sort()).toEqual(['apiKey', 'authKey', 'password', 'sessionToken']);
	});

	test('the session token is the hidden field n8n renews after a 401', () => {
		const expirable = properties.filter((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		expect(expirable.map(({ name }) => name)).toEqual(['sessionToken']);
	});

	test("certificates are checked unless the user says not to", () => {
		expect(NodeHelpers.getNodeParameters(properties, { authType: 'authKey' }, true, false, null, null)).toMatchObject({ ignoreSslIssues: false });
	});

	test('its icons are files shipped beside it', () => {
		const icon = credential.icon as { light: string; dark: string };
		const files = [icon.light, icon.dark];
		expect(files).toEqual([expect.stringMatching(/^file:.+\.svg$/), expect.stringMatching(/^file:.+\.svg$/)]);
		for (const file of files) expect(existsSync(join(__dirname, '../../credentials', file.slice('file:'.length)))).toBe(true);
	});
});

/**
 * The credential test's rules, applied as n8n's CredentialsTester applies them
 * (packages/cli/src/services/credentials-tester.service.ts, `responseSuccessBody`): the first rule whose
 * `key` in the answer equals its `value` fails the test with its message.
 */
function credentialTestVerdict(body: unknown): string {
	for (const rule of credential.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = typeof body === 'object' && body !== null ? (body as ICredentialDataDecryptedObject)[rule.properties.key] : undefined;
		if (value === rule.properties.value) return rule.properties.message;
	}
	return 'OK';
}

describe('the credential test', () => {
	test.each([
		['a signed-in caller', { response: true, statusCode: 200 }, 'OK'],
		['a caller DocSpace does not know', { response: false, statusCode: 200 }, 'DocSpace did not accept these credentials'],
		['a web page', '<html>Sign in</html>', 'did not answer as a DocSpace portal'],
		['another JSON API', { status: 'ok' }, 'did not answer as a DocSpace portal'],
	])('judges %s', (_caller, body, verdict) => {
		expect(credentialTestVerdict(body)).toContain(verdict);
	});
});

describe('the headers that prove who is calling', () => {
	test.each<[string, Record<string, unknown>, Record<string, string>]>([
		['an auth key', { authType: 'authKey', authKey: 'KEY123' }, { Cookie: 'asc_auth_key=KEY123' }],
		['an auth key pasted as its cookie, with spaces', { authType: 'authKey', authKey: ' asc_auth_key=KEY123 \n' }, { Cookie: 'asc_auth_key=KEY123' }],
		['an auth key of a credential saved before the choice existed', { authKey: 'KEY123' }, { Cookie: 'asc_auth_key=KEY123' }],
		['an API key', { authType: 'apiKey', apiKey: 'sk-abc' }, { Authorization: 'Bearer sk-abc' }],
		['an API key pasted as its header, with spaces', { authType: 'apiKey', apiKey: '\tBearer  sk-abc \n' }, { Authorization: 'Bearer sk-abc' }],
		['an API key pasted as a lower-case header', { authType: 'apiKey', apiKey: 'bearer\tsk-abc' }, { Authorization: 'Bearer sk-abc' }],
		['the session token of an e-mail sign-in', { authType: 'password', email: 'ann@example.com', password: 'pw', sessionToken: 'TOKEN' }, { Cookie: 'asc_auth_key=TOKEN' }],
	])('%s', async (_label, data, headers) => {
		const options = await credential.authenticate(
			{ baseUrl: 'https://portal.example.com', ...data } as ICredentialDataDecryptedObject,
			{ url: 'https://portal.example.com/api/2.0/files/@my', headers: { Accept: 'application/json' } },
		);
		expect(options.headers).toEqual({ Accept: 'application/json', ...headers });
	});
});

describe('signing in with e-mail and password', () => {
	const data = { baseUrl: ' https://Portal.example.com/ ', authType: 'password', email: 'ann@example.com', password: 'pw', sessionToken: '' };

	/** preAuthentication as n8n calls it, with its HTTP helper answering `answer` (or failing with it). */
	async function signIn(answer: () => unknown, override: Record<string, unknown> = {}) {
		const sent: IHttpRequestOptions[] = [];
		const helpers = {
			httpRequest: async (options: IHttpRequestOptions) => {
				sent.push(options);
				return answer();
			},
		};
		const output = await credential.preAuthentication!.call({ helpers } as unknown as IHttpRequestHelper, { ...data, ...override } as ICredentialDataDecryptedObject);
		return { output, sent };
	}

	test('asks the portal itself for a session token, without following redirects, checking its certificate', async () => {
		const { output, sent } = await signIn(() => ({ response: { token: 'TOKEN' } }));
		expect(output).toEqual({ sessionToken: 'TOKEN' });
		expect(sent).toEqual([
			expect.objectContaining({
				method: 'POST',
				url: 'https://portal.example.com/api/2.0/authentication',
				body: { userName: 'ann@example.com', password: 'pw' },
				disableFollowRedirect: true,
				skipSslCertificateValidation: false,
			}),
		]);
	});

	test('skips the certificate check only when the credential says so', async () => {
		const { sent } = await signIn(() => ({ response: { token: 'TOKEN' } }), { ignoreSslIssues: true });
		expect(sent[0].skipSslCertificateValidation).toBe(true);
	});

	test('does nothing for the other ways to sign in', async () => {
		const { output, sent } = await signIn(() => ({ response: { token: 'TOKEN' } }), { authType: 'apiKey', apiKey: 'sk-abc' });
		expect(output).toEqual({});
		expect(sent).toEqual([]);
	});

	test.each<[string, () => unknown, string]>([
		['a refusal (n8n 2.x)', () => { throw Object.assign(new Error('Request failed with status code 401'), { response: { status: 401 } }); }, 'DocSpace did not accept the e-mail and password for ann@example.com'],
		['a refusal (n8n 1.x)', () => { throw Object.assign(new Error('Authorization failed'), { httpCode: '401' }); }, 'DocSpace did not accept the e-mail and password for ann@example.com'],
		['a portal that fails', () => { throw Object.assign(new Error('Request failed with status code 500'), { response: { status: 500 } }); }, 'Request failed with status code 500'],
		['a network failure', () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); }, 'connect ECONNREFUSED'],
		['a user with two-factor authentication', () => ({ response: { tfa: true } }), 'two-factor authentication'],
		['a user with SMS confirmation', () => ({ response: { sms: true } }), 'two-factor authentication'],
		['an answer without a token', () => ({ response: {} }), 'did not return a session token'],
		['an answer without DocSpace envelope', () => ({}), 'did not return a session token'],
		['an empty answer', () => undefined, 'did not return a session token'],
	])('says why for %s', async (_label, answer, message) => {
		await expect(signIn(answer)).rejects.toThrow(message);
	});
});
