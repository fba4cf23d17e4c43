/**
 * Unit tests run in-process; e2e tests share one real n8n, started by the e2e project's global setup;
 * the queue project starts its own n8n in queue mode (PostgreSQL, Redis, webhook processes, a worker).
 */
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
		{
			displayName: 'queue',
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup/timeouts.ts'],
		},
	],
};
