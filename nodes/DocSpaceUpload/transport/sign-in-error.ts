/** Signing in with e-mail and password was refused; trying again with the same data will not help. */
export class SignInError extends Error {
	static refused(email: string): SignInError {
		return new SignInError(`DocSpace did not accept the e-mail and password for ${email}`);
	}

	static secondFactor(): SignInError {
		return new SignInError('This DocSpace user signs in with two-factor authentication, which n8n cannot complete: use an API key instead');
	}

	static noToken(): SignInError {
		return new SignInError('DocSpace did not return a session token for this e-mail and password');
	}

	/** n8n 1.x keeps only the text of an error raised while signing in, not the error itself. */
	static describes(message: unknown): boolean {
		// Stryker disable next-line all: n8n 1.x only (engine-n8n1 tests it): n8n 2.x keeps the sign-in error itself
		return typeof message === 'string' && /^(DocSpace did not accept the e-mail and password|This DocSpace user signs in with two-factor|DocSpace did not return a session token)/.test(message);
	}
}
