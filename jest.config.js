/** @type {import('jest').Config} */
const common = {
	testEnvironment: 'node',
	// Only the sources: not dist/ (a second package.json) nor .cache/ (n8n's runtime, gigabytes).
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	setupFiles: ['<rootDir>/test/setup/environment.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup/cleanup.ts'],
};

const n8n1 = '<rootDir>/.cache/compat/n8n-1/node_modules';

module.exports = {
	projects: [
		{
			...common,
			displayName: 'engine',
			testMatch: ['<rootDir>/test/{unit,emulator,engine}/**/*.test.ts'],
		},
		{
			// The same tests on n8n 1.x's engine: the node gets n8n 1.x's n8n-workflow, as in an n8n 1.x instance.
			...common,
			displayName: 'engine-n8n1',
			testMatch: ['<rootDir>/test/{unit,engine}/**/*.test.ts'],
			globalSetup: '<rootDir>/test/compat/global-setup.ts',
			moduleNameMapper: {
				'^n8n-core$': `${n8n1}/n8n-core`,
				'^n8n-workflow$': `${n8n1}/n8n-workflow`,
				'^@n8n/di$': `${n8n1}/@n8n/di`,
				'^@n8n/backend-common$': `${n8n1}/@n8n/backend-common`,
			},
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
