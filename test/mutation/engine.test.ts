/**
 * The engine tests for `npm run mutation` in one jest test file, each file's tests in a describe block
 * of its own (its hooks and its emulator stay its own). A mutant's run then loads n8n-core once rather
 * than once per test file, which on two cores is most of the run. Not the fault matrix, versions and
 * rate-limits: see jest.config.js. The requires are spelled out so jest sees which sources each covers.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a describe block is filled synchronously */
describe('upload', () => {
	require('../engine/upload.test');
});
describe('errors', () => {
	require('../engine/errors.test');
});
describe('options', () => {
	require('../engine/options.test');
});
describe('if-exists', () => {
	require('../engine/if-exists.test');
});
describe('attachments', () => {
	require('../engine/attachments.test');
});
describe('auth', () => {
	require('../engine/auth.test');
});
describe('bad-input', () => {
	require('../engine/bad-input.test');
});
describe('number-options', () => {
	require('../engine/number-options.test');
});
describe('rest-sessions', () => {
	require('../engine/rest-sessions.test');
});
describe('folder-picker', () => {
	require('../engine/folder-picker.test');
});
describe('answers', () => {
	require('../engine/answers.test');
});
