/**
 * A problem with what the user entered (a node parameter, the credential's Portal URL), found before
 * anything was sent: the message says what is wrong, the hint what to enter instead.
 */
export class InputError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}
