const { homedir } = require('os');
const { join } = require('path');

/**
 * Unit tests run in-process, two files at a time (jest's workers); e2e tests share one real n8n, started by the e2e project's global setup;
 * the queue project starts its own n8n in queue mode (PostgreSQL, Redis, nginx, webhook processes, a
 * worker); the kit project checks that a stopped run leaves no process behind; the compat project runs the e2e
 * suite's core path and the action's fault plans on n8n 1.x; the compat-core project runs the unit tests of
 * calls out and of the action node on n8n-core 1.x's own contexts, request helpers and WorkflowExecute.
 */
// Each file is transpiled alone (tsconfig.json with isolatedModules): type-checking every test file's import graph
// took 1–3 s per file; `npm run typecheck` checks the types instead, in .ci/run before the suite.
const typescript = { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] };
// every project but the unit tests: one file at a time, after or before the unit tests, never beside them
const serial = '<rootDir>/test/setup/serialRunner.js';

/** Where the n8n 1.x runtime keeps its modules: describeRuntime(N8N_1X_VERSION).n8nModules (dev/n8n/runtime.ts), checked by compat-core's setup. */
const n8n1Modules = join(
	process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
	'n8n-marketplace-webhooks',
	`n8n-${process.env.N8N_1X_VERSION ?? '1.123.81'}-node-${process.env.N8N_NODE_VERSION ?? '24.21.0'}`,
	'n8n',
	'node_modules',
);

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
		{
			// the same files as in the unit project (calls out, and the regular nodes), with this package's imports of n8n-core and n8n-workflow
			// answered by n8n 1.x's copies, as n8n 1.x answers them when it loads the package
			displayName: 'compat-core',
			testEnvironment: 'node',
			transform: typescript,
			testMatch: [
				'<rootDir>/test/unit/shared/requestFailures.test.ts',
				'<rootDir>/test/unit/shared/platformRequest.test.ts',
				'<rootDir>/test/unit/shared/callDeadlines.test.ts',
				'<rootDir>/test/unit/shared/settleWithinTimers.test.ts',
				'<rootDir>/test/unit/SupplierMarketplace/SupplierMarketplace*.test.ts',
				'<rootDir>/test/unit/Shopkit/Shopkit.orders.test.ts',
				'<rootDir>/test/unit/Shopkit/Shopkit.catalog.test.ts',
				'<rootDir>/test/unit/Shopkit/Shopkit.errorRouting.test.ts',
				'<rootDir>/test/unit/Shopkit/Shopkit.limits.test.ts',
			],
			moduleNameMapper: { '^n8n-core$': join(n8n1Modules, 'n8n-core'), '^n8n-workflow$': join(n8n1Modules, 'n8n-workflow') },
			globalSetup: '<rootDir>/test/compat/setup/n8n1Runtime.ts',
		},
	],
};
