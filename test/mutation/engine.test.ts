/**
 * The engine tests for `npm run mutation` in one jest test file, each file's tests in a describe block
 * of its own (its hooks and its emulator stay its own). A mutant's run then loads n8n-core once rather
 * than once per test file. Not the fault matrix, versions, rate limits and lost answers: see
 * jest.config.js. The requires are spelled out so jest sees which sources each covers.
 *
 * Loading these files takes most of a mutant's run even when none of their tests is to run, so in a
 * mutant's run (bail-environment.js says which) a block loads its file only if one of its tests is
 * asked for (Stryker names the tests that cover the mutant, each as `(<full name>)` in the pattern),
 * and none does once an earlier test file has killed the mutant.
 *
 * The blocks run in this order: first the answers to each DocSpace request (they target transport/api.ts,
 * the module with the most mutants, and each is a whole upload, so they kill most upload mutants too),
 * then the others by their time per test, cheapest first; last the timeouts, whose tests wait seconds each.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a describe block is filled synchronously */
declare const __mutantRun: { killed: boolean; testNamePattern?: string } | undefined;

function wanted(block: string): boolean {
	if (typeof __mutantRun === 'undefined') return true;
	if (__mutantRun.killed) return false;
	const pattern = __mutantRun.testNamePattern;
	// Stryker's own escaping of a test name (escapeRegExp in @stryker-mutator/util), e.g. "if\-exists ".
	const escaped = block.replace(/[.*+\-?^${}()|[\]\\]/g, '\\$&');
	return pattern === undefined || pattern.includes(`(${escaped} `);
}

// A test file without a test is an error; Stryker never asks for this one.
test('the engine tests a mutant needs are loaded', () => undefined);

describe('answers', () => {
	if (wanted('answers')) require('../engine/answers.test');
});
describe('bad-input', () => {
	if (wanted('bad-input')) require('../engine/bad-input.test');
});
describe('number-options', () => {
	if (wanted('number-options')) require('../engine/number-options.test');
});
describe('folder-picker', () => {
	if (wanted('folder-picker')) require('../engine/folder-picker.test');
});
describe('auth', () => {
	if (wanted('auth')) require('../engine/auth.test');
});
describe('if-exists', () => {
	if (wanted('if-exists')) require('../engine/if-exists.test');
});
describe('options', () => {
	if (wanted('options')) require('../engine/options.test');
});
describe('attachments', () => {
	if (wanted('attachments')) require('../engine/attachments.test');
});
describe('upload', () => {
	if (wanted('upload')) require('../engine/upload.test');
});
describe('errors', () => {
	if (wanted('errors')) require('../engine/errors.test');
});
describe('rest-sessions', () => {
	if (wanted('rest-sessions')) require('../engine/rest-sessions.test');
});
describe('timeouts', () => {
	if (wanted('timeouts')) require('../engine/timeouts.test');
});
