/** @type {import('jest').Config} */
const common = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	setupFiles: ['<rootDir>/test/setup/environment.ts'],
};

module.exports = {
	projects: [
		{
			...common,
			displayName: 'engine',
			testMatch: ['<rootDir>/test/{unit,emulator,engine}/**/*.test.ts'],
		},
		{
			...common,
			displayName: 'real-n8n',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
		},
	],
	testTimeout: 60_000,
};
