import { sessionFrom } from '../../nodes/DocSpaceUpload/transport/api';

/**
 * What the node keeps of DocSpace's answer that opens an upload session. Its creation time bounds the
 * look for a commit whose answer was lost (commit-candidates.ts): files changed before it are not
 * this upload's. The engine tests cover the rest of the answer.
 */
const origin = 'https://portal.example.com';
const answer = { id: 'abc', location: `${origin}/ChunkedUploader.ashx?uid=abc`, path: [2001] };

test("a session keeps DocSpace's creation time", () => {
	expect(sessionFrom(origin, 2001, { ...answer, created: '2026-12-02T08:00:00.0000000Z' }, 'handler').created).toBe('2026-12-02T08:00:00.0000000Z');
});

test.each([
	['no creation time', undefined],
	['a creation time that is no text', 1764662400],
])('a session with %s has none', (_label, created) => {
	expect(sessionFrom(origin, 2001, { ...answer, created }, 'handler').created).toBeUndefined();
});
