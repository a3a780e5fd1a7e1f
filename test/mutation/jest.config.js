/**
 * The tests `npm run mutation` runs against each mutant: the unit tests, and the engine tests (the
 * node in n8n's real engine against the emulator) gathered in one file, engine.test.ts. Left out are
 * those that mostly wait on real timers: the fault matrix (129 cells, minutes), the lost-answer
 * look-ups (up to 10 s each) and the version and rate-limit tests (an emulator per test).
 */
const { projects } = require('../../jest.config.js');

const engine = projects.find((project) => project.displayName === 'engine');

/** @type {import('jest').Config} */
module.exports = {
	...engine,
	displayName: 'mutation',
	rootDir: '../..',
	testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/mutation/engine.test.ts'],
	// An absolute path: Stryker's jest runner loads the environment itself, without <rootDir>.
	testEnvironment: require.resolve('./bail-environment.js'),
	testSequencer: require.resolve('./unit-first-sequencer.js'),
	// A mutant that makes an upload hang fails its test in seconds, rather than hitting Stryker's timeout
	// (which restarts the runner); no test here takes more than 1.5 s on an idle machine.
	testTimeout: 10_000,
	// n8n's packages as bail-environment.js loaded them once for the runner.
	moduleNameMapper: { '^(n8n-workflow|n8n-core|@n8n/di|@n8n/backend-common)$': '<rootDir>/test/mutation/shared/$1.js' },
};
