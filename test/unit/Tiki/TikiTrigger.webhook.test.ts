import { WebhookContext } from 'n8n-core';

import { TIKI_REJECTED_DELIVERY, tikiApprovedPayload, tikiEnvelope } from '../../../dev/fixtures/tiki';
import { staticDataWith } from '../../../dev/nodeInN8nCore';
import { tikiGrantDigest } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.authentication';
import { atTimes } from '../atTimes';
import { expectAnsweredWhileRegistering } from '../whileRegistering';
import { activatedTikiTrigger, basic, GRANT, tikiTrigger } from './tikiTriggerInCore';

const HOUR = 60 * 60 * 1000;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const json = { 'content-type': 'application/json' };

describe('Tiki Trigger: valid deliveries', () => {
	it('emits the seed rejection typed, with its Vietnamese text intact and event_time also in ISO 8601 at +07:00', async () => {
		const { response, items } = await activatedTikiTrigger().deliver({
			headers: { ...json, authorization: basic() },
			rawBody: Buffer.from(TIKI_REJECTED_DELIVERY, 'utf8'),
		});
		expect(response).toMatchObject({ status: 204, ended: true });
		expect(items).toEqual([
			{
				deliveryId: '123e4567-e89b-12d3-a456-426655440000',
				event: 'product:request:rejected',
				event_time: '2020-02-02 12:00:00',
				request_id: '1154523837593192401',
				state: 'rejected',
				product_id: '2162835',
				product_sku: '7062617941818',
				list_reasons: [
					{
						reason_data: null,
						reject_description: 'The very detailed reason why your product is rejected',
						reason_id: 9,
						reason_name: 'Hình sản phẩm quá nhỏ, không chiếm 80% khung hình',
					},
				],
				reason: null,
				event_time_iso: '2020-02-02T12:00:00+07:00',
				receivedAt: expect.stringMatching(ISO),
			},
		]);
	});

	it('emits an approval', async () => {
		const { items } = await activatedTikiTrigger().deliver({
			headers: { ...json, authorization: basic() },
			rawBody: tikiEnvelope('product:request:approved', tikiApprovedPayload()),
		});
		expect(items[0]).toMatchObject({ event: 'product:request:approved', state: 'approved', event_time_iso: '2020-02-03T08:15:30+07:00' });
	});

	it.each([
		['empty', {}],
		['null', null],
		['absent', undefined],
		['empty text', ''],
		['an empty list (PHP\'s empty object)', []],
	])('emits the envelope alone when the payload is %s', async (_case, payload) => {
		const { items } = await activatedTikiTrigger().deliver({
			headers: { ...json, authorization: basic() },
			rawBody: tikiEnvelope('product:request:approved', payload, `empty-${_case}`),
		});
		expect(items).toEqual([{ deliveryId: `empty-${_case}`, event: 'product:request:approved', receivedAt: expect.stringMatching(ISO) }]);
	});

	it('keeps a numeric request id exact by reading it as text, also beyond 2^53', async () => {
		const { items } = await activatedTikiTrigger().deliver({
			headers: { ...json, authorization: basic() },
			rawBody: tikiEnvelope('product:request:approved', { ...tikiApprovedPayload(), request_id: 42 }),
		});
		expect(items[0].request_id).toBe('42');
		const big = tikiEnvelope('product:request:approved', tikiApprovedPayload(), 'big-id').replace('"request_id":"1154523837593192402"', '"request_id":1154523837593192401');
		const { items: exact } = await activatedTikiTrigger().deliver({ headers: { ...json, authorization: basic() }, rawBody: big });
		expect(exact[0]).toMatchObject({ request_id: '1154523837593192401' });
		expect(exact[0]).not.toHaveProperty('payloadIssues');
	});
});

describe('Tiki Trigger: Basic authentication', () => {
	it.each([
		['missing', undefined],
		['with another secret', basic(undefined, 'wrong')],
		['with another id', basic('other', undefined)],
		['as a bearer token', 'Bearer abc'],
	])('answers 401 with WWW-Authenticate: Basic and runs nothing when the credentials are %s', async (_case, authorization) => {
		const headers: Record<string, string> = { ...json };
		if (authorization) headers.authorization = authorization;
		const { response, result } = await activatedTikiTrigger().deliver({ headers, rawBody: TIKI_REJECTED_DELIVERY });
		expect(response.status).toBe(401);
		expect(response.headers['www-authenticate']).toBe('Basic realm="Tiki webhook"');
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 503 with Retry-After and starts nothing while activation has granted no pair, whatever the request carries, saying why in the log at most once a minute', async () => {
		const trigger = tikiTrigger({}, { credential: { webhookId: GRANT.id, webhookSecret: GRANT.secret } });
		const [said] = await expectAnsweredWhileRegistering(trigger, { headers: { ...json, authorization: basic() }, rawBody: TIKI_REJECTED_DELIVERY });
		expect(said).toMatch(/^Trigger \(workflow .+\): answered a request 503 \(Retry-After: 120 s\) and started nothing, as the node has no Basic pair granted to Tiki yet/);
		expect(said).toMatch(/if no activation is under way, deactivate the workflow and activate it again\.$/);
		await expectAnsweredWhileRegistering(tikiTrigger(), { headers: json, rawBody: TIKI_REJECTED_DELIVERY });

		// then activation saves the grant, and Tiki's delivery runs
		trigger.workflow.staticData.global = staticDataWith({ events: [], grantDigest: tikiGrantDigest(GRANT) }).global;
		const { response, items } = await trigger.deliver({ headers: { ...json, authorization: basic() }, rawBody: TIKI_REJECTED_DELIVERY });
		expect(response.status).toBe(204);
		expect(items).toHaveLength(1);
	});

	it('answers 503 in a test listen whose grant n8n has not recorded yet, so the listen goes on', async () => {
		const listen = tikiTrigger({}, { credential: { webhookId: GRANT.id, webhookSecret: GRANT.secret } }).testListen();
		await expectAnsweredWhileRegistering(listen, { headers: { ...json, authorization: basic() }, rawBody: TIKI_REJECTED_DELIVERY });
	});
});

describe('Tiki Trigger: a Basic pair changed in the credential', () => {
	const ROTATED = 'rotated-tiki-basic-secret-0123456789';
	afterEach(() => jest.restoreAllMocks());

	it('accepts the new pair on the first delivery that carries it, not 30 s later, and refuses the old one from then on', async () => {
		const trigger = activatedTikiTrigger();
		const deliver = (secret: string, id: string) => trigger.deliver({ headers: { ...json, authorization: basic(GRANT.id, secret) }, rawBody: tikiEnvelope('product:request:rejected', JSON.parse(TIKI_REJECTED_DELIVERY).payload, id) });
		const [before, rotated, old] = await atTimes([0, 5_000, 5_001], async (offset) => {
			if (offset === 0) return deliver(GRANT.secret, 'before');
			trigger.saveCredential('tikiOAuth2Api', { webhookId: GRANT.id, webhookSecret: ROTATED });
			return offset === 5_000 ? deliver(ROTATED, 'rotated') : deliver(GRANT.secret, 'old');
		});
		expect(before.items).toHaveLength(1);
		expect(rotated.response.status).toBe(204);
		expect(rotated.items).toEqual([expect.objectContaining({ deliveryId: 'rotated' })]);
		expect(old.response.status).toBe(401);
	});

	it('reads the credential at most once a second under a flood of wrong pairs', async () => {
		const reads = jest.spyOn(WebhookContext.prototype, 'getCredentials');
		const trigger = activatedTikiTrigger();
		const offsets = Array.from({ length: 200 }, (_, step) => step * 25);
		const flood = await atTimes(offsets, () => trigger.deliver({ headers: { ...json, authorization: basic(GRANT.id, 'forged') }, rawBody: TIKI_REJECTED_DELIVERY }));
		expect(flood.map(({ response }) => response.status)).toEqual(offsets.map(() => 401));
		// at 0, 1, 2, 3 and 4 s
		expect(reads.mock.calls.filter(([type]) => type === 'tikiOAuth2Api')).toHaveLength(5);
	});
});

describe('Tiki Trigger: events, bodies and redeliveries', () => {
	it('acknowledges an event that is not selected and runs nothing', async () => {
		const { response, result } = await activatedTikiTrigger({ events: ['product:request:approved'] }).deliver({
			headers: { ...json, authorization: basic() },
			rawBody: TIKI_REJECTED_DELIVERY,
		});
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
	});

	it.each([
		['not JSON', '{"id":', [{ path: '(body)', problem: expect.stringMatching(/^is not valid JSON/) }], { deliveryId: null, event: null, body: '{"id":' }],
		['without an id', '{"event":"product:request:approved","payload":{}}', [{ path: 'id', problem: 'is missing' }], { deliveryId: null }],
		['without an event', '{"id":"x1","payload":{"request_id":"1"}}', [{ path: 'event', problem: 'is missing' }], { event: null, request_id: '1' }],
		['with a payload that is not an object', '{"id":"x","event":"product:request:approved","payload":"text"}', [{ path: 'payload', problem: 'should be an object, not text' }], { payload: 'text' }],
		['with a payload without request_id', '{"id":"x","event":"product:request:approved","payload":{"state":"approved"}}', [{ path: 'payload.request_id', problem: 'is missing' }], { state: 'approved' }],
		['with a bad event_time', '{"id":"x","event":"product:request:approved","payload":{"request_id":"1","event_time":"02/02/2020"}}', [{ path: 'payload.event_time', problem: 'should be a date like 2020-02-02 12:00:00, not text "02/02/2020"' }], { event_time: '02/02/2020' }],
		['with an event_time that is no date', '{"id":"x","event":"product:request:approved","payload":{"request_id":"1","event_time":"2020-02-30 12:00:00"}}', [{ path: 'payload.event_time', problem: 'should be a date like 2020-02-02 12:00:00, not text "2020-02-30 12:00:00"' }], { request_id: '1' }],
		['with reasons that are not a list', '{"id":"x","event":"product:request:rejected","payload":{"request_id":"1","list_reasons":"x"}}', [{ path: 'payload.list_reasons', problem: 'should be a list, not text' }], { list_reasons: 'x' }],
	])('answers 204 and emits a body %s with what could be read and its payloadIssues', async (_case, body, payloadIssues, read) => {
		const { response, items } = await activatedTikiTrigger().deliver({ headers: { ...json, authorization: basic() }, rawBody: body });
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ ...read, payloadIssues })]);
		expect(items[0]).not.toHaveProperty('event_time_iso');
	});

	it('acknowledges a broken delivery without running, or rejects it with 400, as Invalid Payloads says', async () => {
		const body = '{"id":"x","event":"product:request:approved","payload":{"state":"approved"}}';
		const acknowledged = await activatedTikiTrigger({ invalidPayloads: 'acknowledge' }).deliver({ headers: { ...json, authorization: basic() }, rawBody: body });
		expect(acknowledged.response.status).toBe(204);
		expect(acknowledged.result.workflowData).toBeUndefined();
		const rejecting = activatedTikiTrigger({ invalidPayloads: 'reject' });
		const rejected = await rejecting.deliver({ headers: { ...json, authorization: basic() }, rawBody: body });
		expect(rejected.response).toMatchObject({ status: 400, body: { error: 'payload.request_id: is missing' } });
		// a rejected delivery id is not remembered: Tiki's retry of it is rejected again, not acknowledged
		const retry = await rejecting.deliver({ headers: { ...json, authorization: basic() }, rawBody: body });
		expect(retry.response).toMatchObject({ status: 400, body: { error: 'payload.request_id: is missing' } });
	});

	it('runs a delivery id once: a redelivery is acknowledged and not emitted again', async () => {
		const trigger = activatedTikiTrigger();
		const send = () => trigger.deliver({ headers: { ...json, authorization: basic() }, rawBody: TIKI_REJECTED_DELIVERY });
		expect((await send()).items).toHaveLength(1);
		const again = await send();
		expect(again.response.status).toBe(204);
		expect(again.items).toHaveLength(0);
	});

	it('forgets a delivery id a day after it was accepted', async () => {
		const trigger = activatedTikiTrigger();
		const send = () => trigger.deliver({ headers: { ...json, authorization: basic() }, rawBody: TIKI_REJECTED_DELIVERY });
		const emitted = await atTimes([0, 24 * HOUR - 1, 24 * HOUR], async () => (await send()).items.length);
		expect(emitted).toEqual([1, 0, 1]);
	});
});
