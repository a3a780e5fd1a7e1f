import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { InputError } from './input-error';
import { parseUrl } from './transport/portal';
import { DocSpaceRequestError } from './transport/request-error';
import { DEFAULT_RETRY_POLICY, longestWait } from './upload/retry';
import { SizeMismatchError } from './upload/exact-chunks';
import { UnsupportedModeError, UploadIntegrityError } from './upload/file-upload';

/** What was being done when an error happened, so its message can name it. */
export interface FailureContext {
	itemIndex: number;
	folderId?: number;
	fileName?: string;
	fileSize?: number;
	chunkSize?: number;
}

/** Turns whatever went wrong for one item into n8n's error for it, with what to do about it. */
export function toNodeError(node: INode, error: unknown, context: FailureContext): NodeOperationError | NodeApiError {
	const { itemIndex } = context;
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof InputError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof UnsupportedModeError) return new NodeOperationError(node, error.message, { itemIndex });
	if (error instanceof SizeMismatchError) {
		const longer = error.actual > error.expected;
		return new NodeOperationError(node, `The binary data of item ${itemIndex} ${longer ? 'is larger than recorded' : 'is incomplete'}: ${error.message}`, {
			itemIndex,
			description: longer
				? 'Nothing was committed in DocSpace. The file in n8n\'s binary data store was changed after an earlier node stored it.'
				: 'Nothing was committed in DocSpace. The file may still be written by an earlier node, or n8n\'s binary data store lost part of it.',
		});
	}
	if (error instanceof UploadIntegrityError) {
		return apiError(node, error.message, context, {
			description:
				error.hint ??
				(error.fileId === undefined
					? 'Nothing was reported as uploaded. Run the workflow again.'
					: `Check file id ${error.fileId} in DocSpace and delete it or restore its previous version: its content cannot be trusted.`),
		});
	}
	if (error instanceof DocSpaceRequestError) return requestError(node, error, context);
	return new NodeOperationError(node, error as Error, { itemIndex });
}

function apiError(
	node: INode,
	message: string,
	{ itemIndex }: FailureContext,
	extra: { description?: string; httpCode?: number; serverMessage?: string },
): NodeApiError {
	const response: JsonObject = { message };
	if (extra.serverMessage) response.serverMessage = extra.serverMessage;
	return new NodeApiError(node, response, {
		itemIndex,
		message,
		description: extra.description,
		httpCode: extra.httpCode === undefined ? undefined : String(extra.httpCode),
	});
}

function said(error: DocSpaceRequestError): string {
	return error.info.serverMessage ? `DocSpace said: "${error.info.serverMessage}". ` : '';
}

function waitText(ms: number): string {
	const minutes = Math.ceil(ms / 60_000);
	if (minutes < 120) return `${minutes} minutes`;
	return `about ${Math.round(minutes / 60)} hours`;
}

function tries({ info }: DocSpaceRequestError): string {
	return info.attempts === undefined ? '' : `The request was sent ${info.attempts === 1 ? 'once' : `${info.attempts} times`}. `;
}

/** A 5xx without DocSpace's own error: the portal or a proxy in front of it could not serve the request. */
function unavailable(error: DocSpaceRequestError, fail: (message: string, description: string) => NodeApiError): NodeApiError {
	const { status, pageTitle } = error.info;
	return fail(
		`The portal or a proxy in front of it was unavailable (HTTP ${status}${pageTitle ? `: ${pageTitle}` : ''})`,
		`${tries(error)}DocSpace, or the proxy or load balancer before it, could not serve the request: it may be overloaded, restarting or down. Try again later; a higher "Retries per Request" waits longer.`,
	);
}

function requestError(node: INode, error: DocSpaceRequestError, context: FailureContext): NodeApiError {
	const { status, kind, serverMessage, location } = error.info;
	const folder = context.folderId === undefined ? 'the folder' : `folder ${context.folderId}`;
	const fail = (message: string, description: string) =>
		apiError(node, message, context, { description, httpCode: status, serverMessage });

	if (error.info.sessionGone) {
		return fail(
			'The upload session on DocSpace was lost: it expired, or the portal restarted',
			`The upload was started over in a new session and lost it again. ${said(error)}Nothing partial was committed; run the workflow again when the portal is stable.`,
		);
	}
	switch (kind) {
		case 'canceled':
			return fail(
				'The upload was canceled',
				'The execution was stopped and the upload session aborted. If it was stopped while DocSpace was completing the file, check the folder for it.',
			);
		case 'sign-in':
			return fail(
				error.message,
				'Check the e-mail and password in the credential. Users who sign in with two-factor authentication or single sign-on need an API key instead.',
			);
		case 'tls':
			return fail(error.message, 'If the portal uses a self-signed or private certificate, turn on "Ignore SSL Issues" in the credential.');
		case 'network':
			return fail(
				error.message,
				`${error.info.code ? `Network error ${error.info.code}. ` : ''}Check the Portal URL in the credential and that n8n can reach the portal (DNS, firewall, proxy). Passing network errors were retried.`,
			);
		case 'timeout':
			return fail(error.message, 'The request was retried. Raise the "Request Timeout" option for slow connections, or check the network between n8n and the portal.');
		case 'redirect': {
			const target = location && /^https?:\/\//i.test(location) ? parseUrl(location) : undefined;
			return fail(
				`The portal redirected the request to ${location ?? 'another address'}`,
				target
					? `Requests are not followed to other addresses, as they carry credentials. If the portal moved, set the credential's Portal URL to ${target.origin}.`
					: "Requests are not followed to other addresses, as they carry credentials. Check the credential's Portal URL.",
			);
		}
		case 'html':
			if (status !== undefined && status >= 500) return unavailable(error, fail);
			return fail(
				error.message,
				'Check that the Portal URL is the address of your DocSpace portal and that no login page, proxy or firewall answers in its place. Passing errors were retried.',
			);
		case 'malformed':
			return fail(error.message, 'This does not look like a DocSpace portal, or a proxy changed the answer. Check the credential\'s Portal URL.');
		case 'handler':
			if (/maximum file size is exceeded/i.test(serverMessage ?? '')) {
				return fail(
					`DocSpace refused a chunk as too large: ${serverMessage}`,
					`Chunks are ${context.chunkSize ?? 'the'} bytes, the size the portal published. If a proxy or the portal changed its chunk size during the upload, run the workflow again.`,
				);
			}
			return fail(error.message, 'The upload session was aborted, so no partial file is left in DocSpace.');
	}

	switch (status) {
		case 401:
			return fail(
				'DocSpace did not accept the credentials (HTTP 401)',
				'Check the credential. An auth key stops working when its session signs out; an API key can expire or be revoked; e-mail and password sign-in fails if the password changed.',
			);
		case 402:
			return fail(
				`The file is too large for this DocSpace portal${serverMessage ? `: ${serverMessage}` : ''}`,
				`${context.fileSize === undefined ? 'The file' : `The file has ${context.fileSize} bytes. The`} portal's tariff or free space limits the size of files. Free up space or ask the portal owner to raise the limit.`,
			);
		case 403:
			return fail(
				`No permission to upload into ${folder}`,
				`${said(error)}The credential's user needs the right to create files there (for example as room admin, power user or content creator), and an API key needs write access to files. The Rooms list itself and the Archive cannot hold files: pick a room or a folder inside one.`,
			);
		case 404:
			return fail(
				`The ${folder === 'the folder' ? 'folder' : folder} was not found in DocSpace`,
				`${said(error)}Check the folder ID, or paste the link of the room or folder from the browser. It may have been deleted or the credential's user may not see it.`,
			);
		case 413:
			return fail(
				'A proxy in front of DocSpace refused the upload as too large (HTTP 413)',
				`Each chunk is ${context.chunkSize ?? 'about 10 MB'} bytes plus a few hundred bytes of framing. Raise the proxy's body size limit (nginx: client_max_body_size).`,
			);
		case 415:
			return fail(`DocSpace does not accept this type of file${serverMessage ? `: ${serverMessage}` : ''}`, 'The portal only accepts the file formats its administrator allowed.');
		case 429: {
			const { retryAfterMs } = error.info;
			if (retryAfterMs !== undefined && retryAfterMs > longestWait(DEFAULT_RETRY_POLICY)) {
				const at = new Date(Date.now() + retryAfterMs);
				return fail(
					`DocSpace is limiting the rate of requests (HTTP 429) and asks to wait until ${at.toISOString().replace(/\.\d+Z$/, 'Z')}`,
					`The portal's limit (for example its daily limit on uploads per user) ends in ${waitText(retryAfterMs)}, longer than the node waits between retries: run the workflow again after that time.`,
				);
			}
			return fail(
				'DocSpace is limiting the rate of requests (HTTP 429)',
				`${tries(error)}The request was retried with pauses. Try again later, or lower "Files Uploaded at Once" and "Parallel Chunks".`,
			);
		}
	}
	if (status !== undefined && status >= 500) {
		if (!serverMessage) return unavailable(error, fail);
		return fail(error.message, `${tries(error)}The portal may be overloaded or down; try again later.`);
	}
	return fail(error.message, said(error).trim() || 'DocSpace refused the request.');
}
