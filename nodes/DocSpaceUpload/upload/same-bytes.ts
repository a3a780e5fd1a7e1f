/**
 * Whether `download` holds exactly the bytes of `source`, compared piece by piece as both arrive: no
 * more than one source chunk is held at a time. Stops reading at the first difference.
 */
export async function sameBytes<Chunk extends { readonly bytes: Buffer }>(
	download: AsyncIterable<Buffer>,
	source: AsyncGenerator<Chunk>,
	release: (chunk: Chunk) => void,
): Promise<boolean> {
	let current: Chunk | undefined;
	let offset = 0;
	try {
		for await (const piece of download) {
			for (let at = 0; at < piece.length; ) {
				if (!current || offset === current.bytes.length) {
					if (current) release(current);
					current = undefined;
					const next = await source.next();
					if (next.done) return false;
					current = next.value;
					offset = 0;
					continue;
				}
				const length = Math.min(piece.length - at, current.bytes.length - offset);
				if (piece.compare(current.bytes, offset, offset + length, at, at + length) !== 0) return false;
				at += length;
				offset += length;
			}
		}
		if (current && offset < current.bytes.length) return false;
		for (let next = await source.next(); !next.done; next = await source.next()) {
			if (next.value.bytes.length > 0) return false;
		}
		return true;
	} finally {
		if (current) release(current);
		await source.return(undefined);
	}
}
