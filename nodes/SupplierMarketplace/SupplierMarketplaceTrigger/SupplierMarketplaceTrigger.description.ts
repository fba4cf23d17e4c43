import type { INodeProperties } from 'n8n-workflow';

import { invalidPayloadsProperty } from '../../shared/inbound/invalidPayloads';

export const supplierMarketplaceTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'The marketplace has no API for registering webhooks: activate this workflow, copy the Production URL shown above, and paste it as the webhook URL in the marketplace\'s supplier dashboard (for "Secret in URL", append ?secret= and the credential\'s secret). Configure the same header secret or Basic credentials there as in this node\'s credential.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		default: 'headerSecret',
		description: 'How a delivery proves it comes from the marketplace; the marketplace defines no signature',
		options: [
			{ name: 'Basic Auth', value: 'basicAuth', description: 'Username and password in the Authorization header' },
			{ name: 'Header Secret', value: 'headerSecret', description: 'A secret in a header of your choice' },
			{ name: 'None', value: 'none', description: 'Accept any delivery (not recommended)' },
			{ name: 'Secret in URL', value: 'urlSecret', description: 'A secret in the URL\'s ?secret= parameter' },
		],
	},
	{
		displayName:
			'Without authentication anyone who learns this URL can post fake sales and returns into your workflow. Use it only for a first test.',
		name: 'noAuthenticationWarning',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'sizeLines',
		options: [
			{
				name: 'One Item per Size Line',
				value: 'sizeLines',
				description: 'Each size of each product as its own item: productId, size, sizeId, count, soldCount',
			},
			{
				name: 'One Item per Delivery',
				value: 'delivery',
				description: 'The whole delivery as the marketplace sent it: its products with their sizes',
			},
		],
	},
	invalidPayloadsProperty('the marketplace'),
];
