import { z } from 'zod';

import { MAX_PAYLOAD_ISSUES, payloadFields, readBody, readPayload, wasRead } from '../../../nodes/shared/inbound/payloadReading';
import * as reading from '../../../nodes/shared/inbound/readingRules';

const Order = z
	.object({
		id: reading.integerId(),
		total: reading.number().optional(),
		client: reading.object({ name: reading.text(), phone: reading.text().optional() }).nullable().optional(),
		products: z.array(reading.object({ id: reading.integerId(), quantity: reading.integer() })),
		status: z.enum(['open', 'closed']).optional(),
	})
	.passthrough()
	.refine((order) => order.id !== 0, { message: 'must not be 0' });

describe('readPayload', () => {
	it('returns the typed value and no issues when the payload matches', () => {
		expect(readPayload(Order, { id: '7', total: '9.90', products: [{ id: 1, quantity: '2' }] })).toEqual({
			value: { id: 7, total: 9.9, products: [{ id: 1, quantity: 2 }] },
			issues: [],
		});
	});

	it('reads every field that matches, keeps every one that does not as sent, and names each in plain words', () => {
		const sent = {
			id: '7',
			total: 'lots',
			client: { name: 'Ana', phone: { mobile: 1 } },
			products: [{ id: '1', quantity: '2' }, 'not a line', { id: 3 }],
			status: 'lost',
			extra: true,
		};
		const { value, issues } = readPayload(Order, sent);
		expect(value).toEqual({
			id: 7,
			total: 'lots',
			client: { name: 'Ana', phone: { mobile: 1 } },
			products: [{ id: 1, quantity: 2 }, 'not a line', { id: 3 }],
			status: 'lost',
			extra: true,
		});
		expect(issues).toEqual([
			{ path: 'total', problem: 'should be a number, not text "lots"' },
			{ path: 'client.phone', problem: 'should be text, not an object' },
			{ path: 'products.1', problem: 'should be an object, not text' },
			{ path: 'products.2.quantity', problem: 'is missing' },
			{ path: 'status', problem: 'should be one of open, closed, not "lost"' },
		]);
	});

	it('leaves refinements, which only judge, to the issues and reads the value all the same', () => {
		expect(readPayload(Order, { id: 0, products: [] })).toEqual({
			value: { id: 0, products: [] },
			issues: [{ path: '(body)', problem: 'must not be 0' }],
		});
	});

	it('reads a body that is no object as sent', () => {
		expect(readPayload(Order, ['x'])).toEqual({ value: ['x'], issues: [{ path: '(body)', problem: 'should be an object, not a list' }] });
	});

	it('puts the issues where the value sits in the delivery', () => {
		expect(readPayload(Order, { id: 1, products: 5 }, ['payload']).issues).toEqual([{ path: 'payload.products', problem: 'should be a list, not a number' }]);
	});

	it(`lists at most ${MAX_PAYLOAD_ISSUES} issues and says how many more there are`, () => {
		const products = Array.from({ length: 50 }, () => ({ id: 'x', quantity: 1 }));
		const { issues } = readPayload(Order, { id: 1, products });
		expect(issues).toHaveLength(MAX_PAYLOAD_ISSUES);
		expect(issues.at(-1)).toEqual({ path: '…', problem: `and ${50 - MAX_PAYLOAD_ISSUES + 1} more issues like these` });
	});
});

describe('readBody', () => {
	it('reads a body that is not JSON as its text, with the reason', () => {
		expect(readBody(Order, { ok: false, status: 400, reason: 'is not valid JSON (x)', text: 'garbage' })).toEqual({
			value: 'garbage',
			issues: [{ path: '(body)', problem: 'is not valid JSON (x)' }],
		});
	});
});

describe('wasRead and payloadFields', () => {
	it('tells whether a value was read, by the issues on it or above it', () => {
		const issues = [{ path: 'order.client', problem: 'should be an object, not text' }];
		expect(wasRead(issues, ['order', 'id'])).toBe(true);
		expect(wasRead(issues, ['order', 'client', 'email'])).toBe(false);
		expect(wasRead([{ path: '(body)', problem: 'is empty' }], ['order', 'id'])).toBe(false);
	});

	it('spreads an object, and keeps anything else whole under body', () => {
		expect(payloadFields({ a: 1 })).toEqual({ a: 1 });
		expect(payloadFields('text')).toEqual({ body: 'text' });
		expect(payloadFields([1])).toEqual({ body: [1] });
	});
});
