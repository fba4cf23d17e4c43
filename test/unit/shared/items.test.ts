import { deliveryItem } from '../../../nodes/shared/inbound/items';

describe('deliveryItem', () => {
	it('puts the trigger fields first, the payload next and receivedAt last', () => {
		const item = deliveryItem({ event: 'product.update' }, { a: 1, b: 2 }, { receivedAt: '2026-01-02T03:04:05.006Z' });
		expect(Object.keys(item)).toEqual(['event', 'a', 'b', 'receivedAt']);
		expect(item).toEqual({ event: 'product.update', a: 1, b: 2, receivedAt: '2026-01-02T03:04:05.006Z' });
	});

	it('closes with isTest and, only when there are any, the payload issues', () => {
		const issues = [{ path: 'qty', problem: 'is missing' }];
		expect(Object.keys(deliveryItem({ event: 'e' }, { a: 1 }, { isTest: false, payloadIssues: issues }))).toEqual([
			'event',
			'a',
			'isTest',
			'payloadIssues',
			'receivedAt',
		]);
		expect(Object.keys(deliveryItem({ event: 'e' }, { a: 1 }, { isTest: true, payloadIssues: [] }))).toEqual(['event', 'a', 'isTest', 'receivedAt']);
	});

	it('does not let a payload field overwrite the trigger fields', () => {
		const item = deliveryItem(
			{ event: 'order.status' },
			{ event: 'forged', receivedAt: 'forged', isTest: 'forged', payloadIssues: 'forged' },
			{ isTest: false },
		);
		expect(item.event).toBe('order.status');
		expect(item.receivedAt).not.toBe('forged');
		expect(item.isTest).toBe(false);
		expect(item).not.toHaveProperty('payloadIssues');
	});

	it('keeps a payload field named __proto__ as a field of the item, never as its prototype', () => {
		const payload = JSON.parse('{"a":1,"__proto__":{"polluted":true},"b":2}') as object;
		const item = deliveryItem({ event: 'e' }, payload, { receivedAt: 'r' });
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
		expect((item as { polluted?: boolean }).polluted).toBeUndefined();
		expect(Object.keys(item)).toEqual(['event', 'a', '__proto__', 'b', 'receivedAt']);
		expect(Object.getOwnPropertyDescriptor(item, '__proto__')?.value).toEqual({ polluted: true });
	});
});
