/** Unit tests run in-process; e2e tests share one real n8n, started by the e2e project's global setup. */
const typescript = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/setup/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/setup/globalTeardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup/timeouts.ts'],
		},
	],
};
