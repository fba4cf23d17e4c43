/**
 * Unit tests run in-process, two files at a time (jest's workers); e2e tests share one real n8n, started by the e2e project's global setup;
 * the queue project starts its own n8n in queue mode (PostgreSQL, Redis, nginx, webhook processes, a
 * worker); the kit project checks that a stopped run leaves no process behind; the compat project runs the e2e
 * suite's core path on n8n 1.x.
 */
// Each file is transpiled alone (tsconfig.json with isolatedModules): type-checking every test file's import graph
// took 1–3 s per file; `npm run typecheck` checks the types instead, in .ci/run before the suite.
const typescript = { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] };
// every project but the unit tests: one file at a time, after or before the unit tests, never beside them
const serial = '<rootDir>/test/setup/serialRunner.js';

module.exports = {
	// jest would take one worker on two cores (the cores less one), and so run every file in band
	maxWorkers: 2,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			runner: serial,
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/setup/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/setup/globalTeardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup/timeouts.ts'],
		},
		{
			displayName: 'queue',
			runner: serial,
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup/timeouts.ts'],
		},
		{
			// the kit itself: a stopped run of test/kit/fixtures/ leaves no process behind
			displayName: 'kit',
			runner: serial,
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/kit/**/*.test.ts'],
		},
		{
			displayName: 'compat',
			runner: serial,
			testEnvironment: 'node',
			transform: typescript,
			testMatch: ['<rootDir>/test/compat/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup/timeouts.ts'],
		},
	],
};
