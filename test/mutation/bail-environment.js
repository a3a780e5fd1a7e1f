const { TestEnvironment } = require('jest-environment-node');

/**
 * jest's node environment, but a test file stops at its first failing test: the tests and describe
 * blocks after it are skipped. Stryker's jest runner cannot bail (jest has no bail within a file), and
 * without it a mutant the first test already kills would still run every test that covers it.
 */
class BailEnvironment extends TestEnvironment {
	failed = false;

	async handleTestEvent(event) {
		if (event.name === 'test_done' && event.test.errors.length > 0) this.failed = true;
		if (!this.failed) return;
		if (event.name === 'test_start') event.test.mode = 'skip';
		if (event.name === 'run_describe_start') event.describeBlock.mode = 'skip';
	}
}

module.exports = BailEnvironment;
