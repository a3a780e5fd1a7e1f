import { readFileSync } from 'node:fs';

import { NODE_TYPE } from './real-n8n';

export interface DocSpaceCredential {
	id: string;
	name: string;
	data: Record<string, unknown>;
}

/** A credential as `n8n import:credentials` takes it: n8n encrypts `data` on import. */
export function credentialFile(credential: DocSpaceCredential) {
	return { id: credential.id, name: credential.name, type: 'docSpaceApi', data: credential.data };
}

interface UploadNodeOptions {
	folder?: string | { mode: 'id' | 'url'; value: string };
	binaryPropertyName?: string;
	fileName?: string;
	options?: Record<string, unknown>;
	continueOnFail?: boolean;
	/** The node's version; 1 (as workflows saved before version 2) by default. */
	typeVersion?: number;
	/** "If File Exists" (version 2). */
	ifExists?: string;
}

export function uploadNode(credential: DocSpaceCredential, options: UploadNodeOptions = {}, position: [number, number] = [440, 0]) {
	const folder = typeof options.folder === 'object' ? options.folder : { mode: 'id', value: options.folder ?? '2001' };
	return {
		id: 'docspace-upload',
		name: 'DocSpace Upload',
		type: NODE_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position,
		parameters: {
			folder: { __rl: true, ...folder },
			binaryPropertyName: options.binaryPropertyName ?? 'data',
			fileName: options.fileName ?? '',
			...(options.ifExists ? { ifExists: options.ifExists } : {}),
			options: options.options ?? {},
		},
		credentials: { docSpaceApi: { id: credential.id, name: credential.name } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
}

/** Read/Write Files from Disk, reading the files `fileSelector` matches. */
function readFilesNode(fileSelector: string, options: Record<string, string> = {}) {
	return {
		id: 'read',
		name: 'Read Files',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1,
		position: [220, 0],
		parameters: { operation: 'read', fileSelector, options },
	};
}

/** Manual Trigger → Read/Write Files from Disk → DocSpace Upload. */
export function diskToDocSpace(id: string, fileSelector: string, credential: DocSpaceCredential, upload: UploadNodeOptions = {}) {
	return {
		id,
		name: `Disk to DocSpace ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			readFilesNode(fileSelector),
			uploadNode(credential, upload),
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'Read Files', type: 'main', index: 0 }]] },
			'Read Files': { main: [[{ node: 'DocSpace Upload', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * Manual Trigger → Read/Write Files from Disk (into field attachment_0) → Aggregate (all item data,
 * with binaries: one item whose fields are attachment_0, attachment_0_1, …, like an e-mail's
 * attachments) → DocSpace Upload.
 */
export function attachmentsToDocSpace(id: string, fileSelector: string, credential: DocSpaceCredential, upload: UploadNodeOptions = {}) {
	return {
		id,
		name: `Attachments to DocSpace ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			readFilesNode(fileSelector, { dataPropertyName: 'attachment_0' }),
			{
				id: 'aggregate',
				name: 'Aggregate',
				type: 'n8n-nodes-base.aggregate',
				typeVersion: 1,
				position: [440, 0],
				parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'files', options: { includeBinaries: true } },
			},
			uploadNode(credential, upload, [660, 0]),
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'Read Files', type: 'main', index: 0 }]] },
			'Read Files': { main: [[{ node: 'Aggregate', type: 'main', index: 0 }]] },
			Aggregate: { main: [[{ node: 'DocSpace Upload', type: 'main', index: 0 }]] },
		},
	};
}

/** Webhook (multipart file in field "file") → DocSpace Upload → Respond to Webhook with the created file. */
export function webhookToDocSpace(id: string, path: string, credential: DocSpaceCredential) {
	return {
		id,
		name: `Webhook to DocSpace ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} },
			},
			uploadNode(credential, { binaryPropertyName: 'file' }, [220, 0]),
			{
				id: 'respond',
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.5,
				position: [440, 0],
				parameters: { respondWith: 'firstIncomingItem', options: {} },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'DocSpace Upload', type: 'main', index: 0 }]] },
			'DocSpace Upload': { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * Posts a file as `multipart/form-data` field "file" to a webhook, as `curl -F file=@…` does. A
 * freshly started n8n may answer 404 for a moment while it registers webhooks: that is waited out.
 */
export async function postFileToWebhook(url: string, path: string, name: string): Promise<Response> {
	const form = new FormData();
	form.append('file', new Blob([readFileSync(path)]), name);
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(url, { method: 'POST', body: form });
		if (response.status !== 404 || attempt >= 20) return response;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
