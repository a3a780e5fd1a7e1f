import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DocSpaceEmulator, LoggedRequest } from '../emulator';

export const MiB = 1024 * 1024;

export function sha256(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export interface TestFile {
	name: string;
	path: string;
	bytes: Buffer;
	sha256: string;
}

/** A scratch folder of random files (each in a subfolder of its own, under its name), removed by `cleanup()`. */
export class Scratch {
	readonly dir = mkdtempSync(join(tmpdir(), 'docspace-files-'));
	private count = 0;

	file(name: string, size: number): TestFile {
		const bytes = randomBytes(size);
		const folder = join(this.dir, String(++this.count));
		mkdirSync(folder);
		const path = join(folder, name);
		writeFileSync(path, bytes);
		return { name, path, bytes, sha256: sha256(bytes) };
	}

	/** Another file with the same bytes under another name. */
	copy(source: TestFile, name: string): TestFile {
		const folder = join(this.dir, String(++this.count));
		mkdirSync(folder);
		const path = join(folder, name);
		writeFileSync(path, source.bytes);
		return { ...source, name, path };
	}

	cleanup(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export type AuthType = 'authKey' | 'apiKey' | 'password';

export function credentialsFor(emulator: DocSpaceEmulator, authType: AuthType = 'authKey', user = emulator.portal.owner) {
	return {
		baseUrl: emulator.url,
		authType,
		authKey: user.authKey,
		apiKey: user.apiKey,
		email: user.email,
		password: user.password,
		sessionToken: '',
		ignoreSslIssues: false,
	};
}

/** The chunk handler requests of one upload session, in the order they arrived. */
export function sessionRequests(emulator: DocSpaceEmulator, sessionId: string): LoggedRequest[] {
	return emulator.log.chunkRequests().filter((entry) => entry.query.uid === sessionId);
}

/** Upload session ids in the order create_session handed them out. */
export function sessionIds(emulator: DocSpaceEmulator): string[] {
	return [...new Set(emulator.log.chunkRequests().map((entry) => entry.query.uid))];
}

/**
 * A chunk refused with 429 (one chunk at a time, so the next chunk request is that chunk sent again):
 * it is sent again successfully, no sooner than `waitMs` after the refusal.
 */
export function expectResentNoSoonerThan(emulator: DocSpaceEmulator, waitMs: number): void {
	const chunks = emulator.log.chunkRequests();
	const refused = chunks.findIndex((entry) => entry.status === 429);
	expect(chunks[refused]).toMatchObject({ fault: 'too-many-requests' });
	const resent = chunks[refused + 1];
	expect(resent.status).toBeLessThan(300);
	expect(resent.startedAt - chunks[refused].startedAt).toBeGreaterThanOrEqual(waitMs);
}
