const TestSequencer = require('@jest/test-sequencer').default;

/**
 * The unit tests before the engine tests, whatever jest remembers of their durations: with
 * bail-environment.js, a mutant a unit test kills in milliseconds then never waits for the engine tests
 * (seconds) that cover the same line.
 */
class UnitFirstSequencer extends TestSequencer {
	sort(tests) {
		const isEngine = (test) => test.path.endsWith('engine.test.ts');
		return [...tests].sort((a, b) => Number(isEngine(a)) - Number(isEngine(b)) || a.path.localeCompare(b.path));
	}
}

module.exports = UnitFirstSequencer;
