import { BINARY_ENCODING, NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import type { ChunkBuffers } from './chunk-buffers';
import { exactChunks } from './exact-chunks';
import type { FramedChunk } from './multipart';

/**
 * How much is read from a binary data store stream at a time; pieces are copied into pooled chunks.
 * Each piece is a fresh buffer: 512 KiB cost the least CPU per GiB (fewer pieces cost more in garbage
 * and fresh memory, more pieces more in stream machinery; see README, Performance).
 */
const READ_SIZE = 512 * 1024;

/** One item's file, readable as many times as needed, in chunks of an exact size. */
export interface BinarySource {
	fileName?: string;
	size: number;
	/** Whether the bytes are streamed from n8n's binary data store (rather than held in the item). */
	streamed: boolean;
	/** A fresh pass over the bytes, copied into chunks from `buffers`. */
	chunks(buffers: ChunkBuffers): AsyncGenerator<FramedChunk>;
}

/**
 * Opens the item's binary for reading without loading it: streamed from n8n's binary data store
 * (on disk, in S3 or in the database) when the binary has an id, otherwise from the item's own bytes.
 */
export async function openBinary(context: IExecuteFunctions, itemIndex: number, propertyName: string): Promise<BinarySource> {
	const binary = findBinary(context, itemIndex, propertyName);
	const { id } = binary;
	if (id) {
		const metadata = await context.helpers.getBinaryMetadata(id);
		const size = Number(metadata.fileSize ?? binary.bytes);
		return {
			fileName: binary.fileName ?? metadata.fileName,
			size,
			streamed: true,
			// exactChunks reads the stream with for await, which destroys it when the chunks are not all taken.
			async *chunks(buffers) {
				yield* exactChunks(await context.helpers.getBinaryStream(id, READ_SIZE), size, buffers);
			},
		};
	}
	const bytes = Buffer.from(binary.data, BINARY_ENCODING);
	return {
		fileName: binary.fileName,
		size: bytes.length,
		streamed: false,
		chunks: (buffers) => exactChunks(once(bytes), bytes.length, buffers),
	};
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
	yield bytes;
}

function findBinary(context: IExecuteFunctions, itemIndex: number, propertyName: string): IBinaryData {
	const binaries = context.getInputData()[itemIndex].binary ?? {};
	const binary = binaries[propertyName];
	if (binary) return binary;
	const names = Object.keys(binaries);
	if (names.length === 0) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex} has no binary data to upload`, {
			itemIndex,
			description:
				'DocSpace Upload sends a file from the binary data of each item, e.g. from "Read/Write Files from Disk", an HTTP Request with the response format "File", or a Webhook that receives files. This item only has JSON.',
		});
	}
	throw new NodeOperationError(context.getNode(), `Item ${itemIndex} has no binary field "${propertyName}"`, {
		itemIndex,
		description: `Its binary fields are: ${names.join(', ')}. Set "Input Binary Field" to the one that holds the file.`,
	});
}
