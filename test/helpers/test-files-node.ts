import { createReadStream, truncateSync } from 'node:fs';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

/** One item the Test Files node emits: its JSON, and optionally a file as binary data. */
export interface FileSpec {
	/** The binary file name; no binary when neither path nor content is given. */
	name?: string;
	/** Streamed from disk into n8n's binary data store. */
	path?: string;
	/** Content given inline, base64. */
	base64?: string;
	mimeType?: string;
	/** Binary field name, `data` by default. */
	field?: string;
	json?: IDataObject;
	/** More binary fields of the same item, after this one (an e-mail's attachments). */
	more?: FileSpec[];
	/** Cuts (or extends) the file in n8n's binary data store to this size after storing it, as a lost or stray write would. */
	truncateStoredTo?: number;
	/** The item's file name after storing, as a later node (Edit Fields, Code) renames it: the store keeps `name`. */
	renameTo?: string;
	/** The item's `bytes` after storing, as a later node may set it: the store keeps the size it wrote. */
	bytesTo?: number;
}

/**
 * Test stand-in for the nodes that produce files in real workflows (Read/Write Files from Disk,
 * HTTP Request, Webhook): puts files into n8n's binary data, through n8n-core's own helpers.
 */
export class TestFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Files',
		name: 'testFiles',
		group: ['input'],
		version: 1,
		description: 'Emits items with binary files for tests',
		defaults: { name: 'Test Files' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Files', name: 'files', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const specs = JSON.parse(this.getNodeParameter('files', 0) as string) as FileSpec[];
		const items: INodeExecutionData[] = [];
		for (const spec of specs) {
			const item: INodeExecutionData = { json: spec.json ?? { name: spec.name ?? null } };
			for (const file of [spec, ...(spec.more ?? [])]) {
				const content = file.path ? createReadStream(file.path) : file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : undefined;
				if (!content) continue;
				const binary = await this.helpers.prepareBinaryData(content, file.name, file.mimeType ?? 'application/octet-stream');
				if (file.truncateStoredTo !== undefined) truncateSync(this.helpers.getBinaryPath(binary.id!), file.truncateStoredTo);
				if (file.renameTo !== undefined) binary.fileName = file.renameTo;
				if (file.bytesTo !== undefined) binary.bytes = file.bytesTo;
				item.binary = { ...item.binary, [file.field ?? 'data']: binary };
			}
			items.push(item);
		}
		return [items];
	}
}
