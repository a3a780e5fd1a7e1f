// @ts-check
/**
 * Mutation testing: `npm run mutation`. Changes the node's and the credential's code one small edit at
 * a time and runs the tests that cover the edited line (test/mutation/jest.config.js); a mutant the
 * tests pass is a change they cannot see. Not part of `npm test` or CI.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
	packageManager: 'npm',
	testRunner: 'jest',
	jest: { projectType: 'custom', configFile: 'test/mutation/jest.config.js' },
	coverageAnalysis: 'perTest',
	mutate: [
		'nodes/**/*.ts',
		'credentials/**/*.ts',
		// The editor's parameter list: labels, hints and descriptions n8n shows, no behaviour.
		'!nodes/DocSpaceUpload/description.ts',
	],
	// Mutants of code that runs once, when a module loads (constant tables, the credential's fields),
	// would need every test run for each of them: that alone passes the 30 minutes on two cores.
	ignoreStatic: true,
	// Changed strings (messages, hints, log text, request paths) are left out for the same reason: the
	// messages users see are asserted word for word where it matters, and a wrong path fails every test.
	mutator: { excludedMutations: ['StringLiteral'] },
	// The tests wait on real timers and emulated network delays, so more runners than cores pay: copies of
	// the whole selection side by side on the two cores took 32 s alone, 59 s for 3, 68 s for 4, 84 s for 5
	// and 102 s for 6 (all passed each time), the most runs per second with 4. A type checker would take a
	// core; ts-jest only transpiles, so a mutant that would not compile still runs (and is caught or
	// survives as plain JavaScript).
	concurrency: 4,
	// A mutant's run may take (3 × its covering tests' time in the first run) + 10 s. Four runners on two
	// cores slow each test down 1.5-2.5 times, and a run loads its test files and starts emulators besides:
	// with 1.5 × + 10 s, 2 × + 5 s and 3 × + 5 s, mutants every test passed were cut off and counted as
	// timeouts (caught) instead. An endless loop that Stryker's hit count does not see costs the whole budget.
	timeoutFactor: 3,
	timeoutMS: 10_000,
	// Later runs test again only the mutants whose code or covering tests changed.
	incremental: true,
	incrementalFile: 'reports/mutation/stryker-incremental.json',
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	// The sandbox gets the sources and tests, not n8n's runtime (.cache, gigabytes) nor builds.
	ignorePatterns: ['/.cache', '/dist', '/coverage', '/docs', '/reports'],
	tempDirName: '.stryker-tmp',
	cleanTempDir: true,
};
