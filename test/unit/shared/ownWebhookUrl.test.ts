import { urlOwnerFor } from '../../../nodes/shared/lifecycle/ownWebhookUrl';

const context = (current: string | undefined, webhookId: string | undefined = 'a1b2') => ({
	getNode: () => ({ webhookId }) as never,
	getNodeWebhookUrl: () => current,
});

describe('urlOwnerFor: whose a registered URL is', () => {
	const production = urlOwnerFor(context('https://n8n.example.com/webhook/a1b2/webhook'));
	const test = urlOwnerFor(context('https://n8n.example.com/webhook-test/a1b2/webhook'));

	it.each([
		['the current URL', 'https://n8n.example.com/webhook/a1b2/webhook', 'current', 'otherKind'],
		['the current URL with a query (Shopkit\'s secret)', 'https://n8n.example.com/webhook/a1b2/webhook?secret=x', 'current', 'otherKind'],
		['this node\'s URL on the host before WEBHOOK_URL changed', 'http://10.0.0.5:5678/webhook/a1b2/webhook', 'sameKind', 'otherKind'],
		['this node\'s URL behind a path prefix', 'https://proxy.example.com/n8n/webhook/a1b2/webhook', 'sameKind', 'otherKind'],
		['this node\'s test URL', 'https://n8n.example.com/webhook-test/a1b2/webhook', 'otherKind', 'current'],
		['this node\'s test URL on an older host', 'http://old.example.com/webhook-test/a1b2/webhook', 'otherKind', 'sameKind'],
		['another node\'s URL', 'https://n8n.example.com/webhook/ffff/webhook', 'foreign', 'foreign'],
		['a URL that only contains the webhook id', 'https://erp.example.com/a1b2/other', 'foreign', 'foreign'],
		['no URL at all', undefined, 'foreign', 'foreign'],
		['something that is not a URL', 'not a url', 'foreign', 'foreign'],
	])('%s', (_case, url, fromProduction, fromTest) => {
		expect(production(url)).toBe(fromProduction);
		expect(test(url)).toBe(fromTest);
	});

	it('tells production from test by n8n\'s endpoints however the operator named them (N8N_ENDPOINT_WEBHOOK, _TEST)', () => {
		const renamed = urlOwnerFor(context('https://n8n.example.com/hooks/a1b2/webhook'));
		expect(renamed('https://n8n.example.com/hooks-test/a1b2/webhook')).toBe('otherKind');
		expect(renamed('https://old.example.com/hooks/a1b2/webhook')).toBe('sameKind');
	});

	it('without a webhook id knows only its current URL', () => {
		const legacy = urlOwnerFor(context('https://n8n.example.com/webhook/wf-1/trigger/webhook', undefined));
		expect(legacy('https://n8n.example.com/webhook/wf-1/trigger/webhook')).toBe('current');
		expect(legacy('https://old.example.com/webhook/wf-1/trigger/webhook')).toBe('foreign');
	});
});
