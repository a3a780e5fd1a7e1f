/** What the credential type holds and how its requests prove who is calling: shared by the credential and the node. */
export const CREDENTIAL_TYPE = 'docSpaceApi';

export type AuthType = 'authKey' | 'apiKey' | 'password';

export interface DocSpaceCredentials {
	baseUrl: string;
	authType?: AuthType;
	authKey?: string;
	apiKey?: string;
	email?: string;
	password?: string;
	sessionToken?: string;
	ignoreSslIssues?: boolean;
}

/** The headers that prove who is calling, for each way DocSpace authenticates. */
export function authHeaders(credentials: DocSpaceCredentials): Record<string, string> {
	switch (credentials.authType ?? 'authKey') {
		case 'apiKey':
			// Stryker disable next-line Regex: equivalent, no API key holds "Bearer " past its start
			return { Authorization: `Bearer ${String(credentials.apiKey ?? '').trim().replace(/^Bearer\s+/i, '')}` };
		case 'password':
			return { Cookie: `asc_auth_key=${String(credentials.sessionToken ?? '')}` };
		default:
			// Stryker disable next-line Regex: equivalent, no auth key holds "asc_auth_key=" past its start
			return { Cookie: `asc_auth_key=${String(credentials.authKey ?? '').trim().replace(/^asc_auth_key=/, '')}` };
	}
}
