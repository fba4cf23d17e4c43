import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { KINGUIN } from './platforms/kinguin';

/**
 * The secret key Kinguin sends in `X-Event-Secret` with every delivery. It is set by the user in the
 * Kinguin dashboard; Kinguin has no API that could check it, so the Kinguin Trigger tests it itself.
 */
export class KinguinWebhookApi implements ICredentialType {
	name = KINGUIN.credential;

	displayName = 'Kinguin Webhook API';

	icon = { light: 'file:../nodes/Kinguin/kinguin.svg', dark: 'file:../nodes/Kinguin/kinguin.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-marketplace-webhooks#kinguin-webhook-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The secret key set in the Kinguin dashboard (My Stores → store → Webhooks). Use a long random value, at least 16 characters.',
		},
	];
}
