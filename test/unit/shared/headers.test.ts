import { readHeader } from '../../../nodes/shared/inbound/headers';

describe('readHeader', () => {
	it('finds a header whatever the case of its name', () => {
		expect(readHeader({ 'X-Event-Secret': 's1' }, 'x-event-secret')).toBe('s1');
		expect(readHeader({ 'x-event-secret': 's2' }, 'X-EVENT-SECRET')).toBe('s2');
	});

	it('reads an absent header as undefined', () => {
		expect(readHeader({ other: 'x' }, 'x-event-secret')).toBeUndefined();
	});

	it('accepts a repeated header only when every copy is the same', () => {
		expect(readHeader({ 'x-token': ['a', 'a'] }, 'x-token')).toBe('a');
		expect(readHeader({ 'x-token': ['a', 'b'] }, 'x-token')).toBeUndefined();
	});
});
