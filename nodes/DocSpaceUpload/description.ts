import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_TIMEOUT_SECONDS = 300;
/** Node's timers hold at most 2^31 - 1 ms, and a commit request waits 4 × the timeout. */
export const MAX_TIMEOUT_SECONDS = 86_400;
export const DEFAULT_PARALLEL_CHUNKS = 4;
export const DEFAULT_RETRIES = 5;

/** The parameters users set in the editor. Their names are the node's public interface. */
export const uploadProperties: INodeProperties[] = [
	{
		displayName: 'Folder',
		name: 'folder',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The room or folder that receives the files',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a room or folder…',
				typeOptions: { searchListMethod: 'searchFolders', searchable: true },
				hint: 'Type a name to search, or a path ending in "/" (like Sales/) to list its subfolders',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2001',
				hint: 'The number after "folder=" in the address of the room or folder in DocSpace, or @my for My documents',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*(\\d+|@my)\\s*$', errorMessage: 'Enter a folder ID (a number) or @my' },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://example.onlyoffice.com/rooms/shared/2001/filter?folder=2001',
				hint: 'Open the room or folder in DocSpace and paste the address from the browser',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*https?://.+', errorMessage: 'Paste a link that starts with https://' },
					},
				],
			},
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data, or attachment_*',
		hint: 'The input binary field with the file, or several: names separated by commas, and patterns like attachment_* (* for all fields)',
		description:
			'Find the names of the fields in the Binary tab of the previous node\'s output. Each file becomes one output item, in the order the fields are named (a pattern\'s in the item\'s order); the output\'s binaryField names the field it came from.',
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. report.pdf',
		description:
			'The name of the file in DocSpace, with its extension. Leave empty to keep the name of the binary file. Only for an item with one file: when Input Binary Field selects several, leave it empty.',
	},
	{
		displayName: 'If File Exists',
		name: 'ifExists',
		type: 'options',
		default: 'newVersion',
		description:
			'What to do when the folder already has a file with this name (as DocSpace stores it). Skip and Fail look just before the upload: a file added in between is not seen.',
		displayOptions: { show: { '@version': [2] } },
		options: [
			{
				name: 'Add a New Version',
				value: 'newVersion',
				description: 'The upload becomes a new version of the existing file',
			},
			{
				name: 'Fail',
				value: 'fail',
				description: 'Nothing is uploaded and the item fails, naming the existing file',
			},
			{
				name: 'Keep Both',
				value: 'keepBoth',
				description: 'The existing file stays; the upload gets a free name like "report (1).pdf"',
			},
			{
				name: 'Skip',
				value: 'skip',
				description: 'Nothing is uploaded; the output is the existing file, with skipped set to true',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Created On',
				name: 'createOn',
				type: 'dateTime',
				default: '',
				description: 'The creation date to give a new file, instead of the time of the upload',
			},
			{
				displayName: 'Encrypted (Private Room)',
				name: 'encrypted',
				type: 'boolean',
				default: false,
				description: 'Whether the file is end-to-end encrypted for a private room. Only for data that is already encrypted by the ONLYOFFICE desktop app.',
			},
			{
				displayName: 'Files Uploaded at Once',
				name: 'itemConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16 },
				default: 1,
				description: 'How many input items are uploaded at the same time; output keeps the input order. Set on the first item, applies to the whole run.',
			},
			{
				displayName: 'Include Upload Details',
				name: 'includeUploadDetails',
				type: 'boolean',
				default: false,
				description: 'Whether to add an uploadDetails field (bytes, chunks, mode, duration, retries) to each output item',
			},
			{
				displayName: 'Keep Both Files If Name Exists',
				name: 'createNewIfExist',
				type: 'boolean',
				displayOptions: { show: { '@version': [1] } },
				default: false,
				description:
					'Whether to keep the existing file and add this one under a free name like "report (1).pdf". When off, a file with the same name becomes a new version of the existing file.',
			},
			{
				displayName: 'Parallel Chunks',
				name: 'parallelChunks',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 15 },
				default: DEFAULT_PARALLEL_CHUNKS,
				description:
					'How many chunks of one file are sent at the same time in numbered mode. Memory use is about (this + 2) × the chunk size for each file uploaded at once, so it also multiplies by Files Uploaded at Once.',
			},
			{
				displayName: 'Relative Path',
				name: 'relativePath',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026/invoices',
				description: 'Subfolders under the folder to put the file in, separated by "/". Missing ones are created.',
			},
			{
				displayName: 'Request Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
				default: DEFAULT_TIMEOUT_SECONDS,
				description: 'How long to wait for DocSpace to answer one request, such as sending one chunk',
			},
			{
				displayName: 'Retries per Request',
				name: 'retries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 20 },
				default: DEFAULT_RETRIES,
				description: 'How often a request that failed for a passing reason (network error, timeout, HTTP 429 or 5xx) is tried again, with growing pauses',
			},
			{
				displayName: 'Upload Mode',
				name: 'uploadMode',
				type: 'options',
				default: 'auto',
				description:
					'How chunks are sent: numbered, several at once (faster, and a lost answer resends one chunk), or one at a time as every DocSpace version accepts. Auto picks numbered chunks where the portal supports them.',
				options: [
					{
						name: 'Auto',
						value: 'auto',
						description: 'Numbered chunks where the portal supports them (DocSpace 2.5+), otherwise one chunk at a time',
					},
					{
						name: 'Numbered Chunks',
						value: 'numbered',
						description: 'Chunks are sent by number, several at once; a lost answer only resends that chunk (DocSpace 2.5+)',
					},
					{
						name: 'One Chunk at a Time',
						value: 'sequential',
						description: 'The original protocol, for every DocSpace version; a lost answer resends the whole file',
					},
				],
			},
		],
	},
];
