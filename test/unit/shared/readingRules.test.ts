import { z } from 'zod';

import { readPayload } from '../../../nodes/shared/inbound/payloadReading';
import * as reading from '../../../nodes/shared/inbound/readingRules';

/** What a rule reads `value` as, or the problem it names. */
function read(schema: z.ZodTypeAny, value: unknown): unknown {
	const result = readPayload(z.object({ field: schema }), { field: value });
	return result.issues.length > 0 ? { problem: result.issues[0].problem } : (result.value as { field: unknown }).field;
}

describe('reading rules', () => {
	it('text: a number where text is documented reads as its text', () => {
		expect(read(reading.text(), 'abc')).toBe('abc');
		expect(read(reading.text(), 969057993)).toBe('969057993');
		expect(read(reading.text(), 42.5)).toBe('42.5');
		expect(read(reading.text(), {})).toEqual({ problem: 'should be text, not an object' });
		expect(read(reading.text(), undefined)).toEqual({ problem: 'is missing' });
		expect(read(reading.nonEmptyText(), '')).toEqual({ problem: 'should be text that is not empty, not text ""' });
	});

	it('number: numeric text reads as the number, unless it has more digits than a number holds exactly', () => {
		expect(read(reading.number(), 49.9)).toBe(49.9);
		expect(read(reading.number(), '49.90')).toBe(49.9);
		expect(read(reading.number(), ' -3 ')).toBe(-3);
		expect(read(reading.number(), '12345678901234567890')).toEqual({ problem: 'is 12345678901234567890, more digits than a number holds exactly' });
		expect(read(reading.number(), '4,5')).toEqual({ problem: 'should be a number, not text "4,5"' });
		expect(read(reading.number(), null)).toEqual({ problem: 'should be a number, not null' });
	});

	it('integer: a whole number, also as text', () => {
		expect(read(reading.integer(), -1)).toBe(-1);
		expect(read(reading.integer(), '42')).toBe(42);
		expect(read(reading.integer(), 1.5)).toEqual({ problem: 'should be a whole number, not the number 1.5' });
		expect(read(reading.integer().nullable(), null)).toBeNull();
	});

	it('integerId: exact within 2^53 as a number, beyond it as the text of its digits', () => {
		expect(read(reading.integerId(), 1949)).toBe(1949);
		expect(read(reading.integerId(), '1')).toBe(1);
		expect(read(reading.integerId(), '1154523837593192401')).toBe('1154523837593192401');
		expect(read(reading.integerId(), 2 ** 60)).toEqual({ problem: `should be a whole number, not the number ${2 ** 60}` });
	});

	it('flag: PHP booleans', () => {
		expect([true, false, 1, 0, '1', '0', 'true', 'false'].map((value) => read(reading.flag(), value))).toEqual([true, false, true, false, true, false, true, false]);
		expect(read(reading.flag(), 'yes')).toEqual({ problem: 'should be true or false, not text "yes"' });
	});

	it('date: a zero date or empty text reads as null', () => {
		const date = reading.date('2014-11-19T00:44:19+00:00', (value) => (Number.isNaN(Date.parse(value)) ? undefined : new Date(value).toISOString()));
		expect(['0000-00-00 00:00:00', '0000-00-00', '0000-00-00T00:00:00+00:00', ''].map((value) => read(date, value))).toEqual([null, null, null, null]);
		expect(read(date, '2014-11-19T00:44:19+00:00')).toBe('2014-11-19T00:44:19.000Z');
		expect(read(date, 'yesterday')).toEqual({ problem: 'should be a date like 2014-11-19T00:44:19+00:00, not text "yesterday"' });
	});

	it('timestamp: epoch milliseconds, their text, or ISO 8601', () => {
		const iso = '2023-11-14T22:13:20.000Z';
		expect([1700000000000, '1700000000000', '2023-11-14T22:13:20Z'].map((value) => read(reading.timestamp(), value))).toEqual([iso, iso, iso]);
		expect(read(reading.timestamp(), -1)).toEqual({ problem: 'should be epoch milliseconds or an ISO 8601 date, not the number -1' });
	});

	it('object: [] (PHP\'s empty object) and empty text read as an empty object', () => {
		const shipping = reading.object({ value: reading.number().optional() });
		expect(read(shipping, [])).toEqual({});
		expect(read(shipping, '')).toEqual({});
		expect(read(shipping, { value: '7.25', extra: 1 })).toEqual({ value: 7.25, extra: 1 });
		expect(read(shipping, [1])).toEqual({ problem: 'should be an object, not a list' });
		expect(read(reading.anyObject(), [])).toEqual({});
	});

	it('anyObjectOrJsonText: an object sent as JSON text reads as that object, its big ids exact', () => {
		expect(read(reading.anyObjectOrJsonText(), '{"order_code":239545064,"id":1154523837593192401}')).toEqual({
			order_code: 239545064,
			id: '1154523837593192401',
		});
		expect(read(reading.anyObjectOrJsonText(), '')).toEqual({});
		expect(read(reading.anyObjectOrJsonText(), 'not json')).toEqual({ problem: 'should be an object, not text' });
	});

	it('tells what each rule reads a value as, in JSON Schema, for tools that describe a schema', () => {
		expect([reading.text(), reading.integer(), reading.integerId(), reading.flag(), reading.timestamp()].map((rule) => reading.readingOutputOf(rule._def))).toEqual([
			{ type: 'string' },
			{ type: 'integer' },
			{ type: ['integer', 'string'] },
			{ type: 'boolean' },
			{ type: 'string', format: 'date-time' },
		]);
	});
});
