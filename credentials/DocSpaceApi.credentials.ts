import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_REQUEST, signIn } from '../nodes/DocSpaceUpload/transport/api';
import { authHeaders, CREDENTIAL_TYPE, type DocSpaceCredentials } from '../nodes/DocSpaceUpload/transport/credential-data';
import { portalOrigin } from '../nodes/DocSpaceUpload/transport/portal';

const NOT_DOCSPACE =
	"The Portal URL did not answer as a DocSpace portal. Enter only the portal's address as the browser shows it, like https://example.onlyoffice.com (no path), and check that no login page or proxy answers in its place.";

export class DocSpaceApi implements ICredentialType {
	name = CREDENTIAL_TYPE;

	displayName = 'ONLYOFFICE DocSpace API';

	icon: Icon = { light: 'file:docspace.svg', dark: 'file:docspace.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-docspace-upload#credentials-onlyoffice-docspace-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Portal URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.onlyoffice.com',
			description: 'The address of your DocSpace portal, as it appears in the browser',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Auth Key',
					value: 'authKey',
					description: 'The asc_auth_key token of a signed-in DocSpace session',
				},
				{
					name: 'API Key',
					value: 'apiKey',
					description: 'A DocSpace API key (DocSpace 3.1 and later)',
				},
				{
					name: 'E-Mail and Password',
					value: 'password',
					description: 'Sign in as a DocSpace user; n8n keeps the session token and renews it when it expires',
				},
			],
			default: 'authKey',
		},
		{
			displayName: 'Auth Key',
			name: 'authKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['authKey'] } },
			description:
				'The token DocSpace returns when a user signs in through its API, also found as the asc_auth_key cookie of a signed-in browser. It stops working when that session signs out.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk-…',
			displayOptions: { show: { authType: ['apiKey'] } },
			description: 'Create one in DocSpace under Settings → Developer Tools → API keys, with write access to files',
		},
		{
			displayName: 'E-Mail',
			name: 'email',
			type: 'string',
			placeholder: 'name@example.com',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if the portal\'s TLS certificate cannot be verified, e.g. a self-signed one',
		},
	];

	/** For sign-in by e-mail and password: gets a session token. n8n calls it again after a 401. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const { authType, baseUrl, email, password, ignoreSslIssues } = credentials as unknown as DocSpaceCredentials;
		if (authType !== 'password') return {};
		return { sessionToken: await signIn(this.helpers, portalOrigin(baseUrl), String(email ?? ''), String(password ?? ''), ignoreSslIssues === true) };
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, ...authHeaders(credentials as unknown as DocSpaceCredentials) },
		};
	}

	/** Anything but DocSpace's envelope (a web page, another API, a path under the portal's address) is not a DocSpace portal's API. */
	test: ICredentialTestRequest = {
		request: CREDENTIAL_TEST_REQUEST,
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'response',
					value: false,
					message: 'DocSpace did not accept these credentials. Check the portal URL and the key (an auth key stops working when its session signs out).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'response',
					value: undefined,
					message: NOT_DOCSPACE,
				},
			},
		],
	};
}
