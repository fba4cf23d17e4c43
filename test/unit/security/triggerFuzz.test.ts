import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { KINGUIN_PRODUCT_UPDATE, KINGUIN_SECRET, productUpdate } from '../../../dev/fixtures/kinguin';
import { SHOPGATE_DELIVERY, SHOPGATE_PRODUCT_CREATED } from '../../../dev/fixtures/shopgate';
import { SHOPKIT_ORDER_CREATED, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY } from '../../../dev/fixtures/tiki';
import { MAX_BODY_BYTES } from '../../../nodes/shared/inbound/body';
import type { NodeInN8nCore, Request } from '../../../dev/nodeInN8nCore';
import { kinguinTrigger } from '../Kinguin/kinguinTriggerInCore';
import { activatedShopgateTrigger, TOKEN as SHOPGATE_TOKEN } from '../Shopgate/shopgateTriggerInCore';
import { activatedShopkitTrigger, SHOPKIT_TEST_SECRET } from '../Shopkit/shopkitTriggerInCore';
import { supplierTrigger } from '../../../dev/supplierNodesInCore';
import { activatedTikiTrigger, basic, GRANT } from '../Tiki/tikiTriggerInCore';

const RUNS_PER_TRIGGER = Number(process.env.FUZZ_RUNS ?? 150);

/** How the credential a delivery carries is changed; only the first three still authenticate. */
const AUTH_MUTATIONS = ['keep', 'upperCaseName', 'repeatSame', 'drop', 'flipByte', 'truncate', 'extend', 'repeatDifferent', 'huge'] as const;
type AuthMutation = (typeof AUTH_MUTATIONS)[number];
const AUTHENTIC: AuthMutation[] = ['keep', 'upperCaseName', 'repeatSame'];

const BODY_MUTATIONS = [
	'keep',
	'randomText',
	'randomJson',
	'deepNesting',
	'overOneMebibyte',
	'tooLarge',
	'prototypeKeys',
	'numbersAsText',
	'textAsNumbers',
	'emptyObjectsAsLists',
	'nulls',
	'dropField',
	'bigIntegers',
	'unicode',
	'empty',
] as const;
type BodyMutation = (typeof BODY_MUTATIONS)[number];

interface Target {
	name: string;
	trigger: () => NodeInN8nCore;
	body: string;
	/** Where the credential travels: a header (name) or the URL's query (parameter). */
	carrier: { header: string } | { query: string };
	credential: string;
	/** Strings that must never appear in an answer or an emitted item. */
	secrets: string[];
	headers: Record<string, string>;
	/** Kinguin's dashboard test before a secret is set: a request without any secret may be answered 204, running nothing. */
	secretlessTest?: boolean;
}

const json = { 'content-type': 'application/json' };
const kinguin: Target = {
	name: 'Kinguin Trigger',
	trigger: () => kinguinTrigger(),
	body: productUpdate(1949, '2024-05-01T10:00:00.000+00:00'),
	carrier: { header: 'x-event-secret' },
	credential: KINGUIN_SECRET,
	secrets: [KINGUIN_SECRET],
	headers: { ...json, 'x-event-name': 'product.update' },
	secretlessTest: true,
};
const shopkit: Target = {
	name: 'Shopkit Trigger',
	trigger: () => activatedShopkitTrigger(),
	body: shopkitOrder(4242),
	carrier: { query: 'secret' },
	credential: SHOPKIT_TEST_SECRET,
	secrets: [SHOPKIT_TEST_SECRET],
	headers: { ...json, 'user-agent': 'Shopkit-Webhook', 'x-shopkit-event': 'order_created' },
};
const shopgate: Target = {
	name: 'Shopgate Trigger',
	trigger: () => activatedShopgateTrigger(),
	body: SHOPGATE_DELIVERY,
	carrier: { header: 'shopgate-token' },
	credential: SHOPGATE_TOKEN,
	secrets: [SHOPGATE_TOKEN],
	headers: json,
};
/** Each trigger's real delivery, and the platforms' test deliveries, which take other paths. */
const targets: Target[] = [
	kinguin,
	{ ...kinguin, name: "Kinguin Trigger (the dashboard's TEST URL: Kinguin's published example)", body: KINGUIN_PRODUCT_UPDATE },
	shopkit,
	{ ...shopkit, name: "Shopkit Trigger (the dashboard's test order)", body: SHOPKIT_ORDER_CREATED },
	{
		name: 'Tiki Trigger',
		trigger: () => activatedTikiTrigger(),
		body: TIKI_REJECTED_DELIVERY,
		carrier: { header: 'authorization' },
		credential: basic(),
		secrets: [GRANT.secret, basic()],
		headers: json,
	},
	shopgate,
	{ ...shopgate, name: 'Shopgate Trigger (the "test webhook" sample)', body: SHOPGATE_PRODUCT_CREATED },
	{
		name: 'Supplier Marketplace Trigger',
		trigger: () => supplierTrigger(),
		body: SUPPLIER_SALE,
		carrier: { header: 'x-webhook-secret' },
		credential: SUPPLIER_WEBHOOK_SECRET,
		secrets: [SUPPLIER_WEBHOOK_SECRET],
		headers: json,
	},
];

function mutateCredential(value: string, mutation: AuthMutation, byte: number): string | string[] | undefined {
	const at = byte % value.length;
	switch (mutation) {
		case 'keep':
		case 'upperCaseName':
			return value;
		case 'repeatSame':
			return [value, value];
		case 'drop':
			return undefined;
		case 'flipByte':
			return `${value.slice(0, at)}${String.fromCharCode(value.charCodeAt(at) ^ 1)}${value.slice(at + 1)}`;
		case 'truncate':
			return value.slice(0, at);
		case 'extend':
			return `${value}${String.fromCharCode(33 + (at % 90))}`;
		case 'repeatDifferent':
			return [value, `${value}x`];
		case 'huge':
			return value.repeat(2000);
	}
}

/** Every value that `change` maps, at any depth (objects and lists are changed inside, then offered themselves). */
function mapValues(value: unknown, change: (value: unknown) => unknown): unknown {
	if (Array.isArray(value)) return change(value.map((inner) => mapValues(inner, change)));
	if (value && typeof value === 'object') {
		return change(Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapValues(inner, change)])));
	}
	return change(value);
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Drops the `nth` key found walking the body (the first when there are fewer). */
function dropKey(value: unknown, nth: number): unknown {
	const paths: Array<[Record<string, unknown>, string]> = [];
	const walk = (inner: unknown) => {
		if (Array.isArray(inner)) inner.forEach(walk);
		else if (inner && typeof inner === 'object') {
			for (const [key, child] of Object.entries(inner)) {
				paths.push([inner as Record<string, unknown>, key]);
				walk(child);
			}
		}
	};
	walk(value);
	if (paths.length > 0) {
		const [holder, key] = paths[nth % paths.length];
		delete holder[key];
	}
	return value;
}

function mutateBody(body: string, mutation: BodyMutation, random: { text: string; json: unknown; nth: number }): string {
	switch (mutation) {
		case 'keep':
			return body;
		case 'randomText':
			return random.text;
		case 'randomJson':
			return JSON.stringify(random.json) ?? 'null';
		case 'deepNesting':
			return `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
		case 'overOneMebibyte':
			return `{"filler":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
		case 'tooLarge':
			return `{"filler":"${'x'.repeat(4 * MAX_BODY_BYTES)}"}`;
		case 'prototypeKeys':
			return body.replace('{', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"\\u005f_proto__":{"polluted":true},');
		case 'numbersAsText':
			return JSON.stringify(mapValues(JSON.parse(body), (value) => (typeof value === 'number' ? String(value) : value)));
		case 'textAsNumbers':
			return JSON.stringify(mapValues(JSON.parse(body), (value) => (typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value)));
		case 'emptyObjectsAsLists':
			return JSON.stringify(
				mapValues(JSON.parse(body), (value) => (value && typeof value === 'object' && !Array.isArray(value) && random.nth % 2 === 0 ? [] : value)),
			);
		case 'nulls':
			return JSON.stringify(mapValues(JSON.parse(body), (value) => (value !== null && typeof value !== 'object' && random.nth % 3 === 0 ? null : value)));
		case 'dropField':
			return JSON.stringify(dropKey(JSON.parse(body), random.nth));
		case 'bigIntegers':
			return body.replace(/(:\s*)(\d{1,15})([,}\]])/, '$1$2000000000000000000$3');
		case 'unicode':
			return body.replace(/"([^"]*)":\s*"([^"]*)"/, '"$1": "$2 🛒 Hình sản phẩm 価格 \\u0000 \\ud800"');
		case 'empty':
			return '';
	}
}

/**
 * How the body reaches the trigger: already read by n8n (rawBody), or not yet (readRawBody), with its
 * Content-Length or sent chunked without one.
 */
const ARRIVALS = ['rawBody', 'unreadWithItsLength', 'unreadChunked'] as const;

function arriving(body: string, arrival: (typeof ARRIVALS)[number], headers: Record<string, string | string[]>): Request {
	if (arrival === 'rawBody') return { headers, rawBody: body };
	if (arrival === 'unreadWithItsLength') headers['content-length'] = String(Buffer.byteLength(body));
	return { headers, unread: body };
}

let casesRun = 0;

describe.each(targets)('$name under hostile deliveries', (target) => {
	it(`holds for ${RUNS_PER_TRIGGER} random deliveries: no escaping exception, no run without authentication, 2xx for every authenticated body below the size limit, no secret in any answer or item`, async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...AUTH_MUTATIONS),
				fc.constantFrom(...BODY_MUTATIONS),
				fc.nat(),
				fc.dictionary(fc.stringMatching(/^x-[a-z-]{1,20}$/), fc.string({ maxLength: 200 }), { maxKeys: 5 }),
				fc.string({ maxLength: 300 }),
				fc.jsonValue({ maxDepth: 4 }),
				fc.constantFrom(...ARRIVALS),
				async (authMutation, bodyMutation, byte, extraHeaders, randomText, randomJson, arrival) => {
					casesRun += 1;
					const credential = mutateCredential(target.credential, authMutation, byte);
					const headers: Record<string, string | string[]> = { ...extraHeaders, ...target.headers };
					const body = mutateBody(target.body, bodyMutation, { text: randomText, json: randomJson, nth: byte });
					const request = arriving(body, arrival, headers);
					if ('header' in target.carrier) {
						const name = authMutation === 'upperCaseName' ? target.carrier.header.toUpperCase() : target.carrier.header;
						if (credential !== undefined) headers[name] = credential;
					} else if (credential !== undefined) {
						request.query = { [target.carrier.query]: credential };
					}

					const { response, result, items } = await target.trigger().deliver(request);
					const status = response.status ?? 0;
					const emitted = result.workflowData !== undefined;

					// a repeated query parameter arrives as a list, which the triggers refuse rather than guess from
					const authentic = AUTHENTIC.includes(authMutation) && !(authMutation === 'repeatSame' && 'query' in target.carrier);
					const tooLarge = Buffer.byteLength(body) > MAX_BODY_BYTES;
					if (!authentic) {
						// Kinguin's dashboard test before a secret is set: answered 204 only when no secret at all was sent
						const secretless = credential === undefined || credential === '';
						expect(target.secretlessTest && secretless ? [204, 401] : [401, 403]).toContain(status);
						expect(emitted).toBe(false);
					} else if (tooLarge) {
						expect(status).toBe(413);
					} else {
						expect([200, 204]).toContain(status);
					}
					if (status >= 400) expect(emitted).toBe(false);

					const shown = JSON.stringify({ body: response.body, headers: response.headers, items });
					for (const secret of target.secrets) expect(shown.includes(secret)).toBe(false);
					for (const item of items as IDataObject[]) {
						expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
						expect(Object.prototype.hasOwnProperty.call(item, '__proto__')).toBe(false);
					}
					expect(({} as Record<string, unknown>).polluted).toBeUndefined();
				},
			),
			{ numRuns: RUNS_PER_TRIGGER },
		);
		// a property, not a timing: bodies of several MiB take their time on a loaded machine
	}, 120_000);
});

afterAll(() => {
	process.stdout.write(`trigger fuzzing: ${casesRun} hostile deliveries checked across ${targets.length} triggers\n`);
});
