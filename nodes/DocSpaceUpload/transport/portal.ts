import { InputError } from '../input-error';

const EXAMPLE = 'https://example.onlyoffice.com';

/**
 * The one address every request goes to: the origin of the credential's Portal URL. A trailing
 * slash is fine; a path, query or user name is refused rather than guessed around.
 */
export function portalOrigin(portalUrl: unknown): string {
	const raw = typeof portalUrl === 'string' ? portalUrl.trim() : '';
	if (!raw) {
		throw new InputError('The credential has no Portal URL', `Enter the address of your DocSpace portal, like ${EXAMPLE}`);
	}
	if (!/^https?:\/\//i.test(raw)) {
		throw new InputError(
			`The Portal URL "${raw}" does not start with https:// or http://`,
			`Write the full address, like https://${raw.replace(/^[a-z]+:\/*/i, '')}`,
		);
	}
	const url = parseUrl(raw);
	if (!url) throw new InputError(`The Portal URL "${raw}" is not a valid address`, `Use the address of your portal, like ${EXAMPLE}`);
	if (url.username || url.password) {
		throw new InputError('The Portal URL must not contain a user name or password', `Put the secret in the credential's key fields and use ${url.origin} as the Portal URL`);
	}
	// Stryker disable next-line Regex: equivalent, a URL's path starts with a slash, so it is all slashes whichever run of them is cut
	if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) {
		throw new InputError(
			`The Portal URL "${raw}" has a path; it must be the portal's address only`,
			`Use ${url.origin} as the Portal URL. To choose where files go, set the node's Folder instead.`,
		);
	}
	return url.origin;
}

/** The URL `text` names (relative to `base`), or undefined if it names none. */
export function parseUrl(text: string, base?: string): URL | undefined {
	try {
		return new URL(text, base);
	} catch {
		return undefined;
	}
}
