import type { ICredentialDataDecryptedObject, INodeParameters, INodeType, IDataObject } from 'n8n-workflow';

import { KinguinApi } from '../../../credentials/KinguinApi.credentials';
import { KinguinTrigger } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node';
import { KINGUIN_SECRET } from '../../../dev/fixtures/kinguin';
import { NodeInN8nCore } from '../../../dev/nodeInN8nCore';

export function kinguinTrigger(
	parameters: INodeParameters = {},
	options: {
		secret?: string;
		staticData?: IDataObject;
		workflowId?: string;
		webhookBaseUrl?: string;
		nodeType?: INodeType;
		/** The Kinguin API credential the options that fetch records use; none when absent. */
		api?: ICredentialDataDecryptedObject;
	} = {},
): NodeInN8nCore {
	return new NodeInN8nCore({
		webhookBaseUrl: options.webhookBaseUrl,
		nodeType: options.nodeType ?? new KinguinTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.kinguinTrigger',
		parameters,
		credentials: { kinguinWebhookApi: { secret: options.secret ?? KINGUIN_SECRET }, ...(options.api ? { kinguinApi: options.api } : {}) },
		credentialTypes: { kinguinApi: new KinguinApi() },
		staticData: options.staticData,
		workflowId: options.workflowId,
	});
}
