export { ensureRuntime, describeRuntime, N8N_VERSION, NODE_VERSION } from './runtime';
export type { N8nRuntime } from './runtime';
export { packProject, installCommunityPackage, PROJECT_DIR } from './communityPackage';
export { startN8n, freePort, OWNER, tail } from './instance';
export type { N8nInstance, StartOptions } from './instance';
export { N8nApi, emittedItems, logIn, loadedNodeTypes, testCredential } from './api';
export type { Execution, WorkflowDefinition, WorkflowNode, Delivery } from './api';
export { triggerWorkflow, PACKAGE_NAME } from './workflows';
export type { TriggerWorkflow } from './workflows';
