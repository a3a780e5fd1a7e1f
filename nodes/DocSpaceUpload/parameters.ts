import { NodeOperationError, type IExecuteFunctions, type INodeParameterResourceLocator } from 'n8n-workflow';

import { DEFAULT_PARALLEL_CHUNKS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from './description';
import { InputError } from './input-error';
import type { UploadMode } from './upload/file-upload';

export type IfExists = 'newVersion' | 'keepBoth' | 'skip' | 'fail';

const IF_EXISTS: readonly IfExists[] = ['newVersion', 'keepBoth', 'skip', 'fail'];

export interface UploadParameters {
	folder: INodeParameterResourceLocator | string;
	binaryPropertyName: string;
	/** The "File Name" parameter; empty to keep the binary's own name. */
	fileName: string;
	relativePath?: string;
	createOn?: string;
	encrypted: boolean;
	/** What to do when the folder has a file with the name: version 2's "If File Exists", version 1's "Keep Both" option. */
	ifExists: IfExists;
	uploadMode: UploadMode;
	parallelChunks: number;
	retries: number;
	timeoutMs: number;
	includeUploadDetails: boolean;
}

interface Options {
	relativePath?: string;
	createOn?: string;
	encrypted?: boolean;
	createNewIfExist?: boolean;
	uploadMode?: UploadMode;
	parallelChunks?: unknown;
	retries?: unknown;
	timeout?: unknown;
	includeUploadDetails?: boolean;
	itemConcurrency?: unknown;
}

/** A number option as the editor defines it: its label, its range and whether it takes whole numbers only. */
interface NumberOption {
	name: 'parallelChunks' | 'retries' | 'timeout' | 'itemConcurrency';
	label: string;
	min: number;
	max: number;
	integer: boolean;
	fallback: number;
}

export const NUMBER_OPTIONS = {
	parallelChunks: { name: 'parallelChunks', label: 'Parallel Chunks', min: 1, max: 15, integer: true, fallback: DEFAULT_PARALLEL_CHUNKS },
	retries: { name: 'retries', label: 'Retries per Request', min: 0, max: 20, integer: true, fallback: DEFAULT_RETRIES },
	timeout: { name: 'timeout', label: 'Request Timeout (Seconds)', min: 1, max: MAX_TIMEOUT_SECONDS, integer: false, fallback: DEFAULT_TIMEOUT_SECONDS },
	itemConcurrency: { name: 'itemConcurrency', label: 'Files Uploaded at Once', min: 1, max: 16, integer: true, fallback: 1 },
} as const satisfies Record<NumberOption['name'], NumberOption>;

/**
 * The option's value, or its default when unset. An expression can hand over text or any number:
 * numeric text is taken as its number, anything else outside the option's range is refused by name.
 */
export function numberOption(option: Options, spec: NumberOption): number {
	const raw = option[spec.name];
	if (raw === undefined || raw === null || raw === '') return spec.fallback;
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
	const range = `${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`;
	const valid = Number.isFinite(value) && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
	if (!valid) {
		throw new InputError(
			`The option "${spec.label}" must be ${range}, but is ${describe(raw)}`,
			`Set "${spec.label}" to ${range}. If it comes from an expression, make the expression return such a number.`,
		);
	}
	return value;
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
	if (typeof value === 'number') return String(value);
	return `${JSON.stringify(value) ?? String(value)} (${typeof value})`;
}

/** DocSpace keeps at most this many characters of a title (Global.MaxTitle). */
export const MAX_TITLE_LENGTH = 170;

function options(context: IExecuteFunctions, itemIndex: number): Options {
	return context.getNodeParameter('options', itemIndex, {}) as Options;
}

/** How many items are uploaded at once: read from the first item, it applies to the whole run. */
export function itemConcurrency(context: IExecuteFunctions): number {
	try {
		return numberOption(options(context, 0), NUMBER_OPTIONS.itemConcurrency);
	} catch (error) {
		const { message, hint } = error as InputError;
		throw new NodeOperationError(context.getNode(), message, { itemIndex: 0, description: hint });
	}
}

/** The item's parameters, checked before anything is sent. */
export function readParameters(context: IExecuteFunctions, itemIndex: number): UploadParameters {
	const option = options(context, itemIndex);
	return {
		folder: context.getNodeParameter('folder', itemIndex) as INodeParameterResourceLocator,
		binaryPropertyName: String(context.getNodeParameter('binaryPropertyName', itemIndex)).trim(),
		fileName: String(context.getNodeParameter('fileName', itemIndex, '') ?? '').trim(),
		relativePath: checkRelativePath(option.relativePath),
		createOn: checkDate(option.createOn),
		encrypted: option.encrypted === true,
		ifExists: ifExists(context, itemIndex, option),
		uploadMode: option.uploadMode ?? 'auto',
		parallelChunks: numberOption(option, NUMBER_OPTIONS.parallelChunks),
		retries: numberOption(option, NUMBER_OPTIONS.retries),
		timeoutMs: numberOption(option, NUMBER_OPTIONS.timeout) * 1000,
		includeUploadDetails: option.includeUploadDetails === true,
	};
}

function ifExists(context: IExecuteFunctions, itemIndex: number, option: Options): IfExists {
	if (context.getNode().typeVersion < 2) return option.createNewIfExist === true ? 'keepBoth' : 'newVersion';
	const value = context.getNodeParameter('ifExists', itemIndex, 'newVersion') as IfExists;
	if (IF_EXISTS.includes(value)) return value;
	throw new InputError(`"${String(value)}" is not a choice of "If File Exists"`, `Set "If File Exists" to one of: ${IF_EXISTS.join(', ')}.`);
}

/** The name the file gets in DocSpace: the "File Name" parameter, else the binary's own name. */
export function fileNameFor(parameter: string, binaryFileName: string | undefined): string {
	const name = parameter || binaryFileName || '';
	const where = parameter ? 'the "File Name" parameter' : 'the binary data';
	if (!name) {
		throw new InputError('The file has no name', 'The binary data carries no file name: set "File Name", e.g. report.pdf.');
	}
	if (/[/\\]/.test(name)) {
		throw new InputError(
			`The file name "${name}" from ${where} contains a slash`,
			'A file name cannot contain "/" or "\\". To put the file into subfolders, use the "Relative Path" option.',
		);
	}
	if (name === '.' || name === '..') {
		throw new InputError(`"${name}" is not a file name`, 'Set "File Name" to the name the file should have in DocSpace, e.g. report.pdf.');
	}
	if (hasC0Control(name) || name.includes('\u007f')) {
		throw new InputError(`The file name from ${where} contains control characters`, 'Remove line breaks and other invisible characters from the name.');
	}
	if (name.length > MAX_TITLE_LENGTH) {
		throw new InputError(
			`The file name from ${where} has ${name.length} characters; DocSpace allows ${MAX_TITLE_LENGTH}`,
			'Set "File Name" to a shorter name, for example with an expression that shortens the original one.',
		);
	}
	return name;
}

export function checkRelativePath(path: string | undefined): string | undefined {
	const segments = String(path ?? '').split('/').map((segment) => segment.trim()).filter(Boolean);
	if (segments.length === 0) return undefined;
	for (const segment of segments) {
		if (segment === '.' || segment === '..') {
			throw new InputError(
				`The relative path "${path}" contains "${segment}"`,
				'The relative path only goes down from the folder: name the subfolders, like 2026/invoices.',
			);
		}
		if (segment.includes('\\') || hasC0Control(segment)) {
			throw new InputError(`The relative path "${path}" contains a backslash or control character`, 'Separate subfolders with "/", like 2026/invoices.');
		}
	}
	return segments.join('/');
}

/** Whether the text has a C0 control character (U+0000 to U+001F): a line break, tab, NUL and the like. */
function hasC0Control(text: string): boolean {
	return [...text].some((char) => char.charCodeAt(0) < 0x20);
}

function checkDate(value: string | undefined): string | undefined {
	if (!value) return undefined;
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) {
		throw new InputError(`"${value}" is not a date`, 'Set "Created On" to a date and time, like 2026-01-15T13:30:00Z.');
	}
	return date.toISOString();
}
