/**
 * Whether `download` holds exactly the bytes of `source`, compared piece by piece as both arrive: no
 * more than one source chunk is held at a time. Stops reading at the first difference.
 */
export async function sameBytes(download: AsyncIterable<Buffer>, source: AsyncGenerator<Buffer>, release: (chunk: Buffer) => void): Promise<boolean> {
	let current: Buffer | undefined;
	let offset = 0;
	try {
		for await (const piece of download) {
			for (let at = 0; at < piece.length; ) {
				if (!current || offset === current.length) {
					if (current) release(current);
					current = undefined;
					const next = await source.next();
					if (next.done) return false;
					current = next.value;
					offset = 0;
					continue;
				}
				const length = Math.min(piece.length - at, current.length - offset);
				if (piece.compare(current, offset, offset + length, at, at + length) !== 0) return false;
				at += length;
				offset += length;
			}
		}
		if (current && offset < current.length) return false;
		for (let next = await source.next(); !next.done; next = await source.next()) {
			if (next.value.length > 0) return false;
		}
		return true;
	} finally {
		if (current) release(current);
		await source.return(undefined);
	}
}
