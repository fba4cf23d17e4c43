import fc from 'fast-check';
import { z } from 'zod';

import { MAX_BODY_BYTES, readJsonBody, validatePayload } from '../../../nodes/shared/inbound/body';
import { parseJsonExactly } from '../../../nodes/shared/inbound/exactJson';

describe('readJsonBody', () => {
	it('parses the raw bytes whatever the content type said', async () => {
		const result = await readJsonBody({ rawBody: Buffer.from('{"a":1,"b":"ü"}') });
		expect(result).toEqual({ ok: true, value: { a: 1, b: 'ü' } });
	});

	it('ignores a byte-order mark', async () => {
		expect(await readJsonBody({ rawBody: Buffer.from('\ufeff{"a":1}') })).toEqual({ ok: true, value: { a: 1 } });
	});

	it('reads the raw body first when n8n has not yet', async () => {
		const request: { rawBody?: Buffer; readRawBody: () => Promise<void> } = {
			readRawBody: async () => {
				request.rawBody = Buffer.from('[1,2]');
			},
		};
		expect(await readJsonBody(request)).toEqual({ ok: true, value: [1, 2] });
	});

	it('does not read a body n8n has not read yet when its Content-Length is over the limit', async () => {
		const readRawBody = jest.fn(async () => undefined);
		expect(await readJsonBody({ readRawBody, headers: { 'content-length': '65537' } }, 65536)).toEqual({
			ok: false,
			status: 413,
			reason: 'The request body has 65537 bytes; at most 65536 are accepted',
		});
		expect(readRawBody).not.toHaveBeenCalled();
	});

	it('falls back to a body n8n already parsed when no raw bytes are kept', async () => {
		expect(await readJsonBody({ body: { a: 1 } })).toEqual({ ok: true, value: { a: 1 } });
	});

	it('explains a body that is not JSON, and keeps its text', async () => {
		const result = await readJsonBody({ rawBody: Buffer.from('{"a":') });
		expect(result).toEqual({ ok: false, status: 400, reason: expect.stringMatching(/^is not valid JSON \(.+\)$/), text: '{"a":' });
	});

	it('does not parse a body nested deeper than the limit, without counting brackets inside strings', async () => {
		const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
		expect(await readJsonBody({ rawBody: Buffer.from(deep) })).toEqual({ ok: false, status: 400, reason: 'is nested deeper than 64 levels', text: deep });
		const shallow = `{"text":"${'['.repeat(500)}","list":${'['.repeat(63)}${']'.repeat(63)}}`;
		expect((await readJsonBody({ rawBody: Buffer.from(shallow) })).ok).toBe(true);
	});

	it('refuses a body over the size limit with 413, unread', async () => {
		const result = await readJsonBody({ rawBody: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20) });
		expect(result).toEqual({ ok: false, status: 413, reason: `The request body has ${MAX_BODY_BYTES + 1} bytes; at most ${MAX_BODY_BYTES} are accepted` });
	});

	it('takes the limit a trigger gives', async () => {
		const body = Buffer.from(JSON.stringify({ filler: 'x'.repeat(MAX_BODY_BYTES) }));
		expect((await readJsonBody({ rawBody: body }, 2 * MAX_BODY_BYTES)).ok).toBe(true);
		expect(await readJsonBody({ rawBody: body }, 1000)).toMatchObject({ ok: false, status: 413 });
	});

	it('explains an empty body', async () => {
		expect(await readJsonBody({ rawBody: Buffer.alloc(0) })).toEqual({ ok: false, status: 400, reason: 'is empty; a JSON object is expected', text: '' });
	});

	it('drops __proto__ keys, written plainly or escaped, at any depth', async () => {
		const text = '{"a":{"__proto__":{"polluted":true}},"\\u005f_proto__":{"polluted":true},"b":1}';
		const result = await readJsonBody({ rawBody: Buffer.from(text) });
		expect(result.ok).toBe(true);
		const value = (result as { value: Record<string, Record<string, unknown>> }).value;
		expect(Object.keys(value)).toEqual(['a', 'b']);
		expect(Object.getOwnPropertyNames(value.a)).toEqual([]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
	});
});

describe('parseJsonExactly', () => {
	it('keeps integers beyond 2^53 exact, as the text of their digits, wherever they are', () => {
		const text = '{"id":1154523837593192401,"list":[ 9007199254740993 ,-12345678901234567890],"nested":{"n":98765432109876543210}}';
		expect(parseJsonExactly(text)).toEqual({
			ok: true,
			value: { id: '1154523837593192401', list: ['9007199254740993', '-12345678901234567890'], nested: { n: '98765432109876543210' } },
		});
	});

	it('leaves numbers JSON.parse reads exactly, fractions, exponents and strings as they are', () => {
		const text = '{"safe":9007199254740991,"fraction":0.12345678901234567890,"big":1.5e300,"exp":1e-12345678901234567,"text":"x: 12345678901234567890","quoted":"1154523837593192401"}';
		expect(parseJsonExactly(text)).toEqual({ ok: true, value: JSON.parse(text) });
	});

	it('does not take digits inside a string for a number, also after an escaped quote', () => {
		const text = '{"a":"say \\"[12345678901234567890\\"","b":12345678901234567890}';
		expect(parseJsonExactly(text)).toEqual({ ok: true, value: { a: 'say "[12345678901234567890"', b: '12345678901234567890' } });
	});

	it('keeps long integers exact next to strings full of escapes, unterminated strings and odd backslash runs', () => {
		expect(parseJsonExactly('{"a":"\\\\","b":12345678901234567890,"c":"\\\\\\"12345678901234567890"}')).toEqual({
			ok: true,
			value: { a: '\\', b: '12345678901234567890', c: '\\"12345678901234567890' },
		});
		expect(parseJsonExactly('[12345678901234567890,"\\"')).toEqual({ ok: false, reason: expect.stringMatching(/^is not valid JSON/) });
		expect(parseJsonExactly('[12345678901234567890, -98765432109876543210e2, 1.2345678901234567890]')).toEqual({
			ok: true,
			value: ['12345678901234567890', -98765432109876543210e2, 1.2345678901234567890],
		});
	});

	it('keeps a body that is one integer beyond 2^53 exact too, with nothing before it', () => {
		expect(parseJsonExactly('-9007199254740992')).toEqual({ ok: true, value: '-9007199254740992' });
		expect(parseJsonExactly(' 12345678901234567890')).toEqual({ ok: true, value: '12345678901234567890' });
		expect(parseJsonExactly('9007199254740991')).toEqual({ ok: true, value: 9007199254740991 });
	});

	it('reads JSON text as JSON.parse does, less __proto__ keys, where every integer is exact', () => {
		// An integer written as digits beyond the safe range (2^53 itself included: 2^53 + 1 reads as the same
		// number) is read as the text of its digits, as a platform's id would be.
		const asRead = (key: string, value: unknown) =>
			key === '__proto__'
				? undefined
				: typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && /^-?\d+$/.test(JSON.stringify(value))
					? JSON.stringify(value)
					: value;
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				const text = JSON.stringify(value);
				expect(parseJsonExactly(text)).toEqual({ ok: true, value: JSON.parse(text, asRead) });
			}),
			{ numRuns: 300 },
		);
	});

	it('keeps every integer exact, wherever it is', () => {
		const exact = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.string(), exact)), fc.boolean(), (entries, spaced) => {
				const text = `{${entries.map(([key, n], index) => `${JSON.stringify(`${index}${key}`)}:${spaced ? '\n ' : ''}${n}`).join(',')}}`;
				const read = parseJsonExactly(text);
				expect(read.ok).toBe(true);
				for (const [index, [key, n]] of entries.entries()) {
					const got = (read as { value: Record<string, unknown> }).value[`${index}${key}`];
					expect(Number.isSafeInteger(Number(n)) ? got : BigInt(got as string)).toEqual(Number.isSafeInteger(Number(n)) ? Number(n) : n);
				}
			}),
			{ numRuns: 300 },
		);
	});

	it('says why text is not JSON', () => {
		expect(parseJsonExactly('nope')).toEqual({ ok: false, reason: expect.stringMatching(/^is not valid JSON/) });
	});
});

describe('validatePayload', () => {
	const Schema = z.object({ id: z.number().int(), lines: z.array(z.object({ sku: z.string() })) });

	it('returns the typed value', () => {
		expect(validatePayload(Schema, { id: 1, lines: [{ sku: 'a' }] })).toEqual({
			ok: true,
			value: { id: 1, lines: [{ sku: 'a' }] },
		});
	});

	it('names the path of the first bad field and the problem', () => {
		expect(validatePayload(Schema, { id: 1, lines: [{ sku: 3 }] })).toEqual({
			ok: false,
			reason: 'lines.0.sku: Expected string, received number',
		});
		expect(validatePayload(Schema, 'text')).toEqual({ ok: false, reason: '(body): Expected object, received string' });
	});
});
