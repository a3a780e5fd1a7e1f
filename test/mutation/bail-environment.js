const { TestEnvironment } = require('jest-environment-node');

const { recordTestNames } = require('./test-names');

/**
 * n8n's packages, loaded once per test runner process, outside jest's module registry. jest loads a test
 * file's modules afresh on every run, and Stryker runs the tests once per mutant: loading n8n-core each
 * time took about 0.9 of the 1.5 s a one-test run took (quiet machine). The engine tests get these copies (jest.config.js
 * maps the names to shared/); the node's code under test is still loaded, mutated, on every run. The unit
 * tests keep their own n8n-workflow: their fake timers must reach its `sleep`.
 */
const sharedModules = {
	'n8n-workflow': require('n8n-workflow'),
	'n8n-core': require('n8n-core'),
	'@n8n/di': require('@n8n/di'),
	'@n8n/backend-common': require('@n8n/backend-common'),
};

/** The mutant (Stryker names the one under test in this variable) whose run has seen a test fail. */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
let failedMutant;

/**
 * jest's node environment, but a mutant's run stops at its first failing test: the tests, describe
 * blocks and test files after it are skipped. Stryker's jest runner cannot bail (jest has no bail within
 * a file, and Stryker turns jest's bail between files off), and without it a mutant the first test
 * already kills would still run every test that covers it. Only mutant runs bail: Stryker's first run,
 * without a mutant, must see every test pass.
 */
class BailEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		this.rootDir = config.globalConfig.rootDir;
		this.testPath = context.testPath;
		// Stryker's jest runner adds this global; a plain jest run of the selection records nothing.
		this.recordsNames = '__strykerGlobalNamespace__' in (config.projectConfig.globals ?? {});
		this.testNames = [];
		if (!context.testPath.endsWith('engine.test.ts')) return;
		this.global.__sharedModules = sharedModules;
		// What engine.test.ts needs to load only the test files a mutant's run can use (see there).
		const mutant = process.env[ACTIVE_MUTANT];
		this.global.__mutantRun = mutant === undefined ? undefined : { killed: failedMutant === mutant, testNamePattern: config.globalConfig.testNamePattern };
	}

	async handleTestEvent(event) {
		const mutant = process.env[ACTIVE_MUTANT];
		if (mutant === undefined) {
			if (this.recordsNames && event.name === 'test_done') this.testNames.push(fullName(event.test));
			if (this.recordsNames && event.name === 'run_finish') recordTestNames(this.rootDir, this.testPath, this.testNames);
			return;
		}
		if (event.name === 'test_done' && event.test.errors.length > 0) failedMutant = mutant;
		if (failedMutant !== mutant) return;
		if (event.name === 'test_start') event.test.mode = 'skip';
		if (event.name === 'run_describe_start') event.describeBlock.mode = 'skip';
	}
}

/** A test's name as jest matches it against a test name pattern (jest-circus getTestID). */
function fullName(test) {
	const names = [];
	for (let block = test; block.parent; block = block.parent) names.unshift(block.name);
	return names.join(' ');
}

module.exports = BailEnvironment;
