import type { IncomingHttpHeaders } from 'node:http';

import type { User } from './model';
import type { Portal } from './portal';

export type AuthScheme = 'cookie' | 'token' | 'api-key' | 'basic' | 'none';

export interface Caller {
	scheme: AuthScheme;
	user?: User;
}

function cookie(headers: IncomingHttpHeaders, name: string): string | undefined {
	for (const pair of (headers.cookie ?? '').split(';')) {
		const at = pair.indexOf('=');
		if (at > 0 && pair.slice(0, at).trim() === name) return decodeURIComponent(pair.slice(at + 1).trim());
	}
	return undefined;
}

/**
 * BaseStartup's scheme selection: Basic and `Bearer sk-` have their own handlers; anything else in
 * Authorization is read as an auth token, and the `asc_auth_key` cookie wins over the header.
 */
export function identify(portal: Portal, headers: IncomingHttpHeaders): Caller {
	const byToken = (token: string | undefined) => {
		if (!token) return undefined;
		const loginUser = portal.loginTokens.get(token);
		return portal.users.find((user) => user.authKey === token || user.id === loginUser);
	};
	const authorization = headers.authorization?.trim();
	const cookieToken = cookie(headers, 'asc_auth_key');
	if (authorization?.startsWith('Basic ')) {
		const [email, password] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
		return { scheme: 'basic', user: portal.users.find((u) => u.email === email && u.password === password) };
	}
	if (authorization?.startsWith('Bearer sk-')) {
		const key = authorization.slice('Bearer '.length);
		return { scheme: 'api-key', user: portal.users.find((user) => user.apiKey === key) };
	}
	if (cookieToken !== undefined) return { scheme: 'cookie', user: byToken(cookieToken) };
	if (authorization) return { scheme: 'token', user: byToken(authorization.replace(/^Bearer /, '')) };
	return { scheme: 'none' };
}
