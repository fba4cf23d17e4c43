import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, returnAllAndLimit } from '../resourceFields';

const forClient = (operation: string[]) => ({ show: { resource: ['client'], operation } });

const clientValues: INodeProperties[] = [
	{ displayName: 'Accepts Marketing', name: 'accepts_marketing', type: 'boolean', default: false },
	{ displayName: 'Company', name: 'company', type: 'string', default: '' },
	{ displayName: 'Fiscal ID', name: 'fiscal_id', type: 'string', default: '' },
	{ displayName: 'Internal Notes', name: 'internal_notes', type: 'string', default: '' },
	{ displayName: 'Tags', name: 'tags', type: 'string', default: '', placeholder: 'vip, wholesale', description: "The client's tags, comma-separated: they replace the ones it has" },
	{ displayName: 'Wholesale', name: 'wholesale', type: 'boolean', default: false },
];

export const clientOperation: INodeProperties = operationSelector('client', [
		{ name: 'Create', value: 'create', action: 'Create a client', description: 'Add a client, never twice: one with the same e-mail is taken instead' },
		{ name: 'Get', value: 'get', action: 'Get a client', description: 'Read one client by its ID or hash' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many clients', description: 'List clients, every page read to the end' },
		{ name: 'Update', value: 'update', action: 'Update a client', description: "Set a client's details, tags or wholesale" },
	]);

export const clientFields: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		required: true,
		default: '',
		description: "The client's ID or hash in Shopkit",
		displayOptions: forClient(['get', 'update']),
	},
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', displayOptions: forClient(['create']) },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', required: true, default: '', displayOptions: forClient(['create']) },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forClient(['create']),
		options: [
			...clientValues,
			{ displayName: 'Send Signup Email', name: 'send_signup_email', type: 'boolean', default: false, description: 'Whether Shopkit e-mails the client that an account was made' },
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forClient(['update']),
		options: [{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' }, { displayName: 'Name', name: 'name', type: 'string', default: '' }, ...clientValues],
	},
	...returnAllAndLimit('client'),
	{ displayName: 'Search', name: 'search', type: 'string', default: '', description: 'Text Shopkit looks for in the clients (its q)', displayOptions: forClient(['getMany']) },
];
