import type { INodeParameters, INodeType, IDataObject } from 'n8n-workflow';

import { KinguinTrigger } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node';
import { KINGUIN_SECRET } from '../../../dev/fixtures/kinguin';
import { NodeInN8nCore } from '../../../dev/nodeInN8nCore';

export function kinguinTrigger(
	parameters: INodeParameters = {},
	options: { secret?: string; staticData?: IDataObject; workflowId?: string; webhookBaseUrl?: string; nodeType?: INodeType } = {},
): NodeInN8nCore {
	return new NodeInN8nCore({
		webhookBaseUrl: options.webhookBaseUrl,
		nodeType: options.nodeType ?? new KinguinTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.kinguinTrigger',
		parameters,
		credentials: { kinguinWebhookApi: { secret: options.secret ?? KINGUIN_SECRET } },
		staticData: options.staticData,
		workflowId: options.workflowId,
	});
}
