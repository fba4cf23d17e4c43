import type { INodeParameters, IDataObject } from 'n8n-workflow';

import { KinguinTrigger } from '../../../nodes/Kinguin/KinguinTrigger.node';
import { KINGUIN_SECRET } from '../../fixtures/kinguin';
import { NodeHarness } from '../../support/n8nContexts';

export function kinguinTrigger(
	parameters: INodeParameters = {},
	options: { secret?: string; staticData?: IDataObject; workflowId?: string } = {},
): NodeHarness {
	return new NodeHarness({
		nodeType: new KinguinTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.kinguinTrigger',
		parameters,
		credentials: { kinguinWebhookApi: { secret: options.secret ?? KINGUIN_SECRET } },
		staticData: options.staticData,
		workflowId: options.workflowId,
	});
}
