import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeError, type FailureContext } from './errors';
import { InputError } from './input-error';
import { parseFolderLocator, type FolderReference } from './folder';
import { fileNameFor, readParameters, type UploadParameters } from './parameters';
import { listFolder, readPortalSettings } from './transport/api';
import { DocSpaceClient } from './transport/client';
import { selectBinaryFields } from './upload/binary-fields';
import { openBinary, type BinarySource } from './upload/binary-source';
import { findExistingFile, type CheckRoute } from './upload/existing-file';
import { RequestSlots } from './upload/request-slots';
import { DEFAULT_RETRY_POLICY, sendWithPolicy, type RetryPolicy } from './upload/retry';
import type { PortalSettings, SessionRoutes } from './upload/types';
import { FileUpload } from './upload/file-upload';

/** How many times an upload may start over in a new session after losing the old one. */
const MAX_RESTARTS = 2;

/**
 * One execution of the node: reads the portal's settings once, then uploads items one by one (or
 * several at once), each turned into its output item or its own n8n error.
 */
export class UploadRun {
	private settings?: Promise<PortalSettings>;
	private myDocuments?: Promise<number>;
	/** The file versions items of this run reported as theirs. */
	private readonly claims = new Set<string>();
	private slots?: RequestSlots;
	// Stryker disable next-line ObjectLiteral: equivalent, an absent createSessionGone reads as false too
	private readonly routes: SessionRoutes = { createSessionGone: false };
	// Stryker disable next-line ObjectLiteral: equivalent, an absent `gone` reads as false too
	private readonly checkRoute: CheckRoute = { gone: false };

	/** Node version 2 names each output's binary field; version 1 keeps the output it always had. */
	private readonly namesFields: boolean;

	constructor(private readonly context: IExecuteFunctions) {
		this.namesFields = context.getNode().typeVersion >= 2;
	}

	/**
	 * Uploads the item's files one after another, one output item each, in the order "Input Binary Field"
	 * names them. With "Continue On Fail" a file that fails becomes an error item and the others go on.
	 */
	async uploadItem(itemIndex: number): Promise<INodeExecutionData[]> {
		let parameters: UploadParameters;
		let fields: string[];
		try {
			parameters = readParameters(this.context, itemIndex);
			fields = selectBinaryFields(parameters.binaryPropertyName, Object.keys(this.context.getInputData()[itemIndex].binary ?? {}));
			if (fields.length > 1 && parameters.fileName) {
				throw new InputError(
					`"File Name" names one file, but item ${itemIndex} has ${fields.length}: ${fields.join(', ')}`,
					'Leave "File Name" empty to keep the name of each binary file, or set "Input Binary Field" to a single field.',
				);
			}
		} catch (error) {
			throw toNodeError(this.context.getNode(), error, { itemIndex });
		}
		const several = fields.length > 1 || parameters.binaryPropertyName !== fields[0];
		const output: INodeExecutionData[] = [];
		for (const field of fields) {
			const failure: FailureContext = { itemIndex };
			try {
				const source = await openBinary(this.context, itemIndex, field);
				const fileName = fileNameFor(parameters.fileName, source.fileName);
				const item = await this.uploadFile(itemIndex, parameters, source, fileName, failure);
				output.push(this.namesFields ? { ...item, json: { ...item.json, binaryField: field } } : item);
			} catch (caught) {
				const error = toNodeError(this.context.getNode(), caught, failure);
				if (several) error.message = `${error.message} (binary field "${field}")`;
				if (!this.context.continueOnFail()) throw error;
				output.push(errorItem(itemIndex, error, this.namesFields ? { binaryField: field } : {}));
			}
		}
		return output;
	}

	private async uploadFile(
		itemIndex: number,
		parameters: UploadParameters,
		source: BinarySource,
		fileName: string,
		failure: FailureContext,
	): Promise<INodeExecutionData> {
		failure.fileSize = source.size;
		failure.fileName = fileName;
		const client = await DocSpaceClient.create(this.context, { timeoutMs: parameters.timeoutMs });
		const retry = { ...DEFAULT_RETRY_POLICY, retries: parameters.retries };
		const folderId = await this.folderId(client, retry, parseFolderLocator(parameters.folder, client.origin));
		failure.folderId = folderId;
		this.settings ??= sendWithPolicy(retry, 'portal', () => readPortalSettings(client)).catch((error: unknown) => {
			this.settings = undefined; // the next item asks again
			throw error;
		});
		const settings = await this.settings;
		failure.chunkSize = settings.chunkSize;
		this.slots ??= new RequestSlots(settings.maxThreads);

		if (parameters.ifExists === 'skip' || parameters.ifExists === 'fail') {
			const existing = await sendWithPolicy(retry, 'portal', () => findExistingFile(client, folderId, parameters.relativePath, fileName, this.checkRoute));
			if (existing && parameters.ifExists === 'skip') return { json: { ...existing, skipped: true }, pairedItem: { item: itemIndex } };
			if (existing) {
				throw new InputError(
					`A file named "${existing.title}" already exists in folder ${existing.folderId} (file id ${existing.id})`,
					'"If File Exists" is set to "Fail". Choose "Skip" to leave existing files as they are, or "Add a New Version" to replace their content.',
				);
			}
		}

		const upload = new FileUpload(
			client,
			settings,
			source,
			{
				folderId,
				session: {
					fileName,
					relativePath: parameters.relativePath,
					createOn: parameters.createOn,
					encrypted: parameters.encrypted,
					createNewIfExist: parameters.ifExists === 'keepBoth',
				},
				mode: parameters.uploadMode,
				parallelChunks: Math.min(parameters.parallelChunks, settings.maxThreads),
				retry,
				maxRestarts: MAX_RESTARTS,
				claims: this.claims,
				slots: this.slots,
				routes: this.routes,
			},
			{
				// Stryker disable next-line OptionalChaining: equivalent on n8n 1.123 and 2.41, which both have it; `?.` spares older n8n
				signal: this.context.getExecutionCancelSignal?.(),
				debug: (message, details) =>
					this.context.logger.debug(`DocSpace Upload: ${message}`, { itemIndex, file: fileName, ...details }),
			},
		);
		const { file, ...uploadDetails } = await upload.run();
		const json: IDataObject = { ...file };
		if (parameters.includeUploadDetails) {
			json.uploadDetails = { ...uploadDetails, streamed: source.streamed };
		}
		return { json, pairedItem: { item: itemIndex } };
	}

	private async folderId(client: DocSpaceClient, retry: RetryPolicy, folder: FolderReference): Promise<number> {
		if ('id' in folder) return folder.id;
		this.myDocuments ??= sendWithPolicy(retry, 'portal', async () => {
			const content = await listFolder(client, '@my', { count: 1 });
			const id = Number(content?.current?.id);
			if (!Number.isInteger(id)) throw new InputError('DocSpace did not name a My documents folder for this user', 'Guests may have no My documents: choose a room instead.');
			return id;
		}).catch((error: unknown) => {
			this.myDocuments = undefined;
			throw error;
		});
		return await this.myDocuments;
	}
}

/** The output item "Continue On Fail" puts in place of what failed. */
export function errorItem(itemIndex: number, error: Error, extra: IDataObject = {}): INodeExecutionData {
	return {
		json: { error: error.message, description: (error as { description?: string }).description ?? null, ...extra },
		pairedItem: { item: itemIndex },
	};
}
