import { NodeOperationError } from 'n8n-workflow';

import { KINGUIN_PRODUCT_UPDATE, KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { SHOPGATE_PRODUCT_CREATED } from '../../../dev/fixtures/shopgate';
import { SHOPKIT_ORDER_CREATED, shopkitHeaders } from '../../../dev/fixtures/shopkit';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY } from '../../../dev/fixtures/tiki';
import type { NodeInN8nCore, RecordedResponse, Request } from '../../../dev/nodeInN8nCore';
import { kinguinTrigger } from '../Kinguin/kinguinTriggerInCore';
import { activatedShopgateTrigger, TOKEN } from '../Shopgate/shopgateTriggerInCore';
import { activatedShopkitTrigger, SHOPKIT_TEST_SECRET } from '../Shopkit/shopkitTriggerInCore';
import { supplierTrigger, WEBHOOK_CREDENTIAL } from '../../../dev/supplierNodesInCore';
import { activatedTikiTrigger, basic, GRANT } from '../Tiki/tikiTriggerInCore';

/**
 * A delivery to the test URL ("Listen for test event") that fails authentication: the sender still gets 401,
 * and the node throws, so that n8n shows the user why on the trigger and stops listening (n8n records the test
 * execution as failed with the error). The error names the header, URL parameter or credential field that did
 * not match, and never a secret or what the delivery sent in its place. A production delivery that fails the
 * same way is answered 401 and throws nothing, as before.
 */

const WRONG = 'wrong-value-0123456789abcdef';
const SECRETS = [KINGUIN_SECRET, SHOPKIT_TEST_SECRET, GRANT.secret, TOKEN, SUPPLIER_WEBHOOK_SECRET, WEBHOOK_CREDENTIAL.password, WRONG];

interface RefusalCase {
	name: string;
	trigger: () => NodeInN8nCore;
	request: Request;
	/** What the error must say did not match. */
	reason: RegExp;
	status?: number;
}

const supplier = (authentication: string) => supplierTrigger({ authentication, output: 'sizeLines' });

const CASES: RefusalCase[] = [
	{
		name: 'Kinguin Trigger, no X-Event-Secret',
		trigger: () => kinguinTrigger({ events: ['product.update'] }),
		// a real update, not the published example the dashboard's TEST URL sends without a secret
		request: { headers: { 'x-event-name': 'product.update' }, rawBody: productUpdate(2048, '2026-01-02T03:04:05+00:00') },
		reason: /has no X-Event-Secret header/,
	},
	{
		name: 'Kinguin Trigger, another X-Event-Secret',
		trigger: () => kinguinTrigger({ events: ['product.update'] }),
		request: { headers: kinguinHeaders('product.update', WRONG), rawBody: KINGUIN_PRODUCT_UPDATE },
		reason: /X-Event-Secret header does not match the Secret Key of the Kinguin Webhook API credential/,
	},
	{
		name: 'Shopkit Trigger, no secret in the URL',
		trigger: () => activatedShopkitTrigger(),
		request: { headers: shopkitHeaders('order_created'), rawBody: SHOPKIT_ORDER_CREATED },
		reason: /has no secret URL parameter/,
	},
	{
		name: 'Shopkit Trigger, another secret in the URL',
		trigger: () => activatedShopkitTrigger(),
		request: { headers: shopkitHeaders('order_created'), rawBody: SHOPKIT_ORDER_CREATED, query: { secret: WRONG } },
		reason: /secret URL parameter does not match the secret this node registered with Shopkit/,
	},
	{
		name: 'Shopkit Trigger, a foreign User-Agent',
		trigger: () => activatedShopkitTrigger(),
		request: { headers: { ...shopkitHeaders('order_created'), 'user-agent': 'curl/8.5.0' }, rawBody: SHOPKIT_ORDER_CREATED, query: { secret: SHOPKIT_TEST_SECRET } },
		reason: /User-Agent header is "curl\/8\.5\.0", not "Shopkit-Webhook"/,
	},
	{
		name: 'Tiki Trigger, no Authorization',
		trigger: () => activatedTikiTrigger(),
		request: { rawBody: TIKI_REJECTED_DELIVERY },
		reason: /has no Authorization header/,
	},
	{
		name: 'Tiki Trigger, not Basic',
		trigger: () => activatedTikiTrigger(),
		request: { headers: { authorization: `Bearer ${WRONG}` }, rawBody: TIKI_REJECTED_DELIVERY },
		reason: /Authorization header is not HTTP Basic/,
	},
	{
		name: 'Tiki Trigger, another Basic ID',
		trigger: () => activatedTikiTrigger(),
		request: { headers: { authorization: basic('someone-else', GRANT.secret) }, rawBody: TIKI_REJECTED_DELIVERY },
		reason: /Basic user is not the Basic ID the Tiki OAuth2 API credential gives/,
	},
	{
		name: 'Tiki Trigger, the granted ID with another secret',
		trigger: () => activatedTikiTrigger(),
		request: { headers: { authorization: basic(GRANT.id, WRONG) }, rawBody: TIKI_REJECTED_DELIVERY },
		reason: /Basic user is right but its password does not match the Basic secret the Tiki OAuth2 API credential gives/,
	},
	{
		name: 'Shopgate Trigger, no shopgate-token',
		trigger: () => activatedShopgateTrigger(),
		request: { rawBody: SHOPGATE_PRODUCT_CREATED },
		reason: /has no shopgate-token header/,
	},
	{
		name: 'Shopgate Trigger, another token (Shopgate unreachable for the re-read)',
		trigger: () => activatedShopgateTrigger(),
		request: { headers: { 'shopgate-token': WRONG }, rawBody: SHOPGATE_PRODUCT_CREATED },
		reason: /shopgate-token header does not match the merchant's webhook token/,
	},
	{
		name: "Shopgate Trigger, not from Shopgate's address",
		trigger: () => activatedShopgateTrigger({ onlyShopgateIps: true }),
		request: { ip: '203.0.113.9', headers: { 'shopgate-token': TOKEN }, rawBody: SHOPGATE_PRODUCT_CREATED },
		reason: /comes from "203\.0\.113\.9", not from Shopgate's address 35\.195\.40\.181/,
	},
	{
		name: 'Supplier Marketplace Trigger, Header Secret missing',
		trigger: () => supplier('headerSecret'),
		request: { rawBody: SUPPLIER_SALE },
		reason: /has no X-Webhook-Secret header/,
	},
	{
		name: 'Supplier Marketplace Trigger, another Header Secret',
		trigger: () => supplier('headerSecret'),
		request: { headers: { 'x-webhook-secret': WRONG }, rawBody: SUPPLIER_SALE },
		reason: /X-Webhook-Secret header does not match the Secret of the Supplier Marketplace Webhook API credential/,
	},
	{
		name: 'Supplier Marketplace Trigger, Secret in URL missing',
		trigger: () => supplier('urlSecret'),
		request: { rawBody: SUPPLIER_SALE },
		reason: /has no secret URL parameter/,
	},
	{
		name: 'Supplier Marketplace Trigger, Basic Auth with another user',
		trigger: () => supplier('basicAuth'),
		request: { headers: { authorization: basic('intruder', WEBHOOK_CREDENTIAL.password) }, rawBody: SUPPLIER_SALE },
		reason: /Basic user is not the Username of the Supplier Marketplace Webhook API credential/,
	},
	{
		name: 'Supplier Marketplace Trigger, Basic Auth with another password',
		trigger: () => supplier('basicAuth'),
		request: { headers: { authorization: basic(WEBHOOK_CREDENTIAL.username, WRONG) }, rawBody: SUPPLIER_SALE },
		reason: /Basic user is right but its password does not match the Password of the Supplier Marketplace Webhook API credential/,
	},
];

describe('a test delivery that fails authentication', () => {
	it.each(CASES)('$name: answered 401, then the error names what did not match, no secret', async ({ trigger, request, reason }) => {
		const response: RecordedResponse = { headers: {}, ended: false };
		const thrown: unknown = await trigger()
			.deliver(request, 'manual', response)
			.then(() => undefined, (error: unknown) => error);
		expect(response).toMatchObject({ status: 401, body: 'Unauthorized', ended: true });
		expect(thrown).toBeInstanceOf(NodeOperationError);
		const { message, description } = thrown as NodeOperationError;
		expect(message).toMatch(/^A test delivery was refused \(401\): /);
		expect(message).toMatch(reason);
		expect(description).toMatch(/In production, the node answers such a delivery 401 Unauthorized and starts nothing\.$/);
		for (const secret of SECRETS) expect(`${message} ${description}`).not.toContain(secret);
	});

	it.each(CASES)('$name: in production, answered 401 and nothing thrown', async ({ trigger, request }) => {
		const { response, result, items } = await trigger().deliver(request, 'webhook');
		expect(response).toMatchObject({ status: 401, body: 'Unauthorized', ended: true });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(items).toEqual([]);
	});
});
