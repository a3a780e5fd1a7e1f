/**
 * An exception thrown by the portal's rules. The API turns it into the error envelope with the HTTP
 * status DocSpace's CustomExceptionHandler maps it to; the chunk handler answers it as HTTP 200 with
 * `success:false` and the same message.
 */
export class PortalError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type: string,
	) {
		super(message);
	}
}

export const notFound = (message = 'The required folder was not found') =>
	new PortalError(404, message, 'System.IO.DirectoryNotFoundException');

/** SecurityException: DocSpace replaces its message with "Access denied". */
export const accessDenied = () => new PortalError(403, 'Access denied', 'System.Security.SecurityException');

export const quotaExceeded = (limitBytes: number) =>
	new PortalError(
		402,
		`The maximum file size is exceeded (${formatSize(limitBytes)}).`,
		'ASC.Core.Tenants.TenantQuotaException',
	);

export const badRequest = (message: string) => new PortalError(400, message, 'System.ArgumentException');

export function formatSize(bytes: number): string {
	const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${Number.isInteger(value) ? value : value.toFixed(2)} ${units[unit]}`;
}
