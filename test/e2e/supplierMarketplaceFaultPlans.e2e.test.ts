import { N8N_VERSION } from '../../dev/n8n';
import type { N8nApi } from '../../dev/n8n';
import { describeSupplierActionFaultPlans } from '../faultPlans/supplierActionFaultPlans';
import { n8nUnderTest } from './setup/n8nUnderTest';

/** The fault plans test/compat runs on n8n 1.x, on the n8n the e2e suite runs: the same plans, the same expectations. */
let api: N8nApi | undefined;
const n8n = () => {
	api ??= n8nUnderTest();
	return { api, createCredential: api.createCredential.bind(api) };
};

describeSupplierActionFaultPlans(N8N_VERSION, n8n);
