const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

/**
 * The full name of every test, by test file, as Stryker's first run (without a mutant) saw them. For a
 * mutant, Stryker asks jest for the test files that import the mutated module and names the covering
 * tests in a pattern; jest still sets up and loads every such file, even one without a test to run (the
 * unit test of the error messages loaded in 1.3 s on every run of a mutant in most upload modules). With
 * these names, unit-first-sequencer.js hands jest only the files that hold a covering test.
 *
 * One file in Stryker's sandbox: the first run and the mutants' runs are different processes.
 */
const fileIn = (rootDir) => path.join(rootDir, '.stryker-test-names.json');

/** Adds a test file's names, in the first run, which runs the files one after another. */
function recordTestNames(rootDir, testPath, names) {
	const file = fileIn(rootDir);
	const known = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
	known[testPath] = names;
	writeFileSync(file, JSON.stringify(known));
}

let cached;

/** The names the first run recorded, or undefined outside Stryker. */
function recordedTestNames(rootDir) {
	const file = fileIn(rootDir);
	if (cached === undefined && existsSync(file)) cached = JSON.parse(readFileSync(file, 'utf8'));
	return cached;
}

module.exports = { recordTestNames, recordedTestNames };
