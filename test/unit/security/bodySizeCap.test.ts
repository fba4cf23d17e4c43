import { KINGUIN_PRODUCT_UPDATE, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { SHOPGATE_DELIVERY } from '../../../dev/fixtures/shopgate';
import { shopkitHeaders, shopkitOrder, shopkitSignature } from '../../../dev/fixtures/shopkit';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY } from '../../../dev/fixtures/tiki';
import type { NodeInN8nCore, Request } from '../../../dev/nodeInN8nCore';
import { supplierTrigger } from '../../../dev/supplierNodesInCore';
import { SECRETLESS_MAX_BODY_BYTES } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.receive';
import { MAX_BODY_BYTES } from '../../../nodes/shared/inbound/body';
import { kinguinTrigger } from '../Kinguin/kinguinTriggerInCore';
import { activatedShopgateTrigger, TOKEN as SHOPGATE_TOKEN } from '../Shopgate/shopgateTriggerInCore';
import { activatedShopkitTrigger, SHOPKIT_TEST_SECRET } from '../Shopkit/shopkitTriggerInCore';
import { activatedTikiTrigger, basic } from '../Tiki/tikiTriggerInCore';

/**
 * Point 5 of issue 36: no trigger reads more than its limit (1 MiB; 64 KiB for a request to the Kinguin Trigger
 * without any secret), authenticated or not, whichever way the body reaches it in n8n-core's webhook context:
 * - already read by n8n into `rawBody` (every body but a multipart form, in n8n 1.x and 2.x);
 * - not read yet (`readRawBody` still to call), with a Content-Length, which refuses it before anything is read;
 * - not read yet and sent without a Content-Length (chunked), refused by the length of what was read;
 * - a multipart form that n8n's form parser read into `body` (`readRawBody` then throws), refused unless its
 *   fields fit within the limit.
 */

const SHOPKIT_APP_SECRET = 'shopkit-app-client-secret-0123456789';

interface Target {
	name: string;
	trigger: () => NodeInN8nCore;
	/** A delivery it emits, as the platform sends it. */
	body: string;
	/** Headers (and query) that authenticate a delivery of these bytes; none that do, for a stranger's request. */
	headers: (body: Buffer) => Record<string, string>;
	query?: Record<string, string>;
	limit: number;
	/** A stranger's request (no secret at all): refused with 401 over the limit, answered 204 within it, never run. */
	stranger?: boolean;
}

const json = { 'content-type': 'application/json' };
const { 'x-event-secret': _secret, ...kinguinWithoutSecret } = kinguinHeaders('product.update');

const targets: Target[] = [
	{ name: 'Kinguin Trigger', trigger: () => kinguinTrigger(), body: productUpdate(1949, '2024-05-01T10:00:00.000+00:00'), headers: () => kinguinHeaders('product.update'), limit: MAX_BODY_BYTES },
	{
		name: "Kinguin Trigger, a request without any secret (the dashboard's test before a secret is set)",
		trigger: () => kinguinTrigger(),
		body: KINGUIN_PRODUCT_UPDATE,
		headers: () => kinguinWithoutSecret,
		limit: SECRETLESS_MAX_BODY_BYTES,
		stranger: true,
	},
	{ name: 'Shopkit Trigger', trigger: () => activatedShopkitTrigger(), body: shopkitOrder(4242), headers: () => shopkitHeaders('order_created'), query: { secret: SHOPKIT_TEST_SECRET }, limit: MAX_BODY_BYTES },
	{
		name: 'Shopkit Trigger with an App Client Secret (the signature over the raw bytes)',
		trigger: () => activatedShopkitTrigger({}, undefined, SHOPKIT_APP_SECRET),
		body: shopkitOrder(4243),
		headers: (body) => shopkitHeaders('order_created', { 'x-webhook-signature': shopkitSignature(body, SHOPKIT_APP_SECRET) }),
		query: { secret: SHOPKIT_TEST_SECRET },
		limit: MAX_BODY_BYTES,
	},
	{ name: 'Tiki Trigger', trigger: () => activatedTikiTrigger(), body: TIKI_REJECTED_DELIVERY, headers: () => ({ ...json, authorization: basic() }), limit: MAX_BODY_BYTES },
	{ name: 'Shopgate Trigger', trigger: () => activatedShopgateTrigger(), body: SHOPGATE_DELIVERY, headers: () => ({ ...json, 'shopgate-token': SHOPGATE_TOKEN }), limit: MAX_BODY_BYTES },
	{ name: 'Supplier Marketplace Trigger', trigger: () => supplierTrigger(), body: SUPPLIER_SALE, headers: () => ({ ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }), limit: MAX_BODY_BYTES },
	{
		name: 'Supplier Marketplace Trigger with Authentication "None"',
		trigger: () => supplierTrigger({ authentication: 'none' }),
		body: SUPPLIER_SALE,
		headers: () => json,
		limit: MAX_BODY_BYTES,
	},
];

/** The delivery with a filler field in front, `bytes` long in all: still the same JSON object, and as valid. */
function sized(body: string, bytes: number): Buffer {
	const rest = body.trim().slice(1);
	const filler = bytes - Buffer.byteLength(rest) - '{"filler":"",'.length;
	return Buffer.from(`{"filler":"${'x'.repeat(filler)}",${rest}`);
}

/** What n8n's `readRawBody` throws once its form parser has consumed the stream of a form sent with a Content-Length. */
const CONSUMED = new Error('Request body stream was aborted or is not readable');
/** What it finds instead in the stream of a form sent without one. */
const NOTHING_LEFT = Buffer.alloc(0);

/** A multipart form as n8n's form parser hands it over: its fields in body, its bytes gone. */
const multipart = (target: Target, body: Buffer, unread: Buffer | Error): Request => ({
	headers: { ...target.headers(Buffer.alloc(0)), 'content-type': 'multipart/form-data; boundary=x' },
	query: target.query,
	body: { data: { payload: body.toString('utf8') }, files: {} },
	unread,
});

/**
 * The request that brings `body` to the trigger, with the headers (and query) that authenticate the bytes the
 * trigger will see: none for a multipart form, whose fields n8n's form parser keeps instead.
 */
type Arrival = (target: Target, body: Buffer) => Request;
const ARRIVALS: Array<[string, Arrival]> = [
	['already read by n8n (rawBody)', (target, body) => ({ headers: target.headers(body), query: target.query, rawBody: body })],
	[
		'not read yet, with its Content-Length',
		(target, body) => ({ headers: { ...target.headers(body), 'content-length': String(body.length) }, query: target.query, unread: body }),
	],
	['not read yet, sent without a Content-Length', (target, body) => ({ headers: target.headers(body), query: target.query, unread: body })],
	['a multipart form that n8n read into body, its reader then throwing', (target, body) => multipart(target, body, CONSUMED)],
	['a multipart form that n8n read into body, its reader then finding nothing', (target, body) => multipart(target, body, NOTHING_LEFT)],
];
const MULTIPART_ARRIVALS = ARRIVALS.slice(3);

const tooLargeMessage = (target: Target, arrival: string) =>
	MULTIPART_ARRIVALS.some(([name]) => name === arrival)
		? `The request body has more than ${target.limit} bytes; at most ${target.limit} are accepted`
		: `The request body has ${target.limit + 1} bytes; at most ${target.limit} are accepted`;

describe.each(targets)('$name: the body size limit on every path a body arrives by', (target) => {
	it.each(ARRIVALS)('refuses a body one byte over the limit, %s, and runs nothing', async (arrival, request) => {
		const { response, result, rawBodyReads } = await target.trigger().deliver(request(target, sized(target.body, target.limit + 1)));
		expect(result.workflowData).toBeUndefined();
		if (target.stranger) expect(response.status).toBe(401);
		else expect(response).toMatchObject({ status: 413, body: { error: tooLargeMessage(target, arrival) } });
		if (arrival === ARRIVALS[1][0]) expect(rawBodyReads).toBe(0);
	});

	it.each(ARRIVALS.slice(0, 3))('reads a body of exactly the limit, %s', async (_arrival, request) => {
		const { response, result } = await target.trigger().deliver(request(target, sized(target.body, target.limit)));
		if (target.stranger) {
			expect(response.status).toBe(204);
			expect(result.workflowData).toBeUndefined();
		} else {
			expect([200, 204]).toContain(response.status);
			expect(result.workflowData?.[0]?.length).toBeGreaterThan(0);
		}
	});

	it.each(MULTIPART_ARRIVALS)('answers %s within the limit without an error (its fields are the payload)', async (_arrival, request) => {
		const { response } = await target.trigger().deliver(request(target, Buffer.from(target.body)));
		expect(target.stranger ? [401] : [200, 204]).toContain(response.status);
	});
});
