const TestRunner = require('jest-runner').default;

/**
 * Jest's own runner, one file at a time in jest's process, for the projects that start n8n, PostgreSQL, Redis,
 * nginx or Chromium: on two cores, and with one n8n shared by the e2e files, two of them side by side would race
 * their deadlines. The unit project keeps jest's default runner and takes the workers (its longest files mostly wait
 * on platforms' deadlines). Jest runs one runner's files after the other's, never both at once.
 */
class SerialRunner extends TestRunner {
	isSerial = true;
}

module.exports = SerialRunner;
