import { WorkflowExecute } from 'n8n-core';

/**
 * The major version of the n8n-core the tests run on: 2.41.1 (the project's own), or 1.123.81 where the
 * compat-core project maps `n8n-core` to n8n 1.x's (jest.config.js). n8n-core 1.x's WorkflowExecute.run takes
 * its arguments one by one, 2.x's one object.
 */
export const N8N_CORE_MAJOR: 1 | 2 = WorkflowExecute.prototype.run.length > 1 ? 1 : 2;
