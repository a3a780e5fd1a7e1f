const TestSequencer = require('@jest/test-sequencer').default;

const { recordedTestNames } = require('./test-names');

/**
 * The unit tests before the engine tests, whatever jest remembers of their durations: with
 * bail-environment.js, a mutant a unit test kills in milliseconds then never waits for the engine tests
 * (seconds) that cover the same line. In a mutant's run, only the test files that hold a test Stryker
 * asks for (see test-names.js).
 */
class UnitFirstSequencer extends TestSequencer {
	constructor(options) {
		super(options);
		this.globalConfig = options.globalConfig;
	}

	sort(tests) {
		const isEngine = (test) => test.path.endsWith('engine.test.ts');
		const sorted = [...tests].sort((a, b) => Number(isEngine(a)) - Number(isEngine(b)) || a.path.localeCompare(b.path));
		const pattern = this.globalConfig.testNamePattern;
		const names = recordedTestNames(this.globalConfig.rootDir);
		if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined || !pattern || !names) return sorted;
		// As jest-circus matches a test's name against the pattern.
		const asked = new RegExp(pattern, 'i');
		const needed = sorted.filter((test) => !(test.path in names) || names[test.path].some((name) => asked.test(name)));
		return needed.length > 0 ? needed : sorted;
	}
}

module.exports = UnitFirstSequencer;
