import { z } from 'zod';

import { MAX_BODY_BYTES, readJsonBody, validatePayload } from '../../../nodes/shared';

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

	it('falls back to a body n8n already parsed when no raw bytes are kept', async () => {
		expect(await readJsonBody({ body: { a: 1 } })).toEqual({ ok: true, value: { a: 1 } });
	});

	it('explains a body that is not JSON', async () => {
		const result = await readJsonBody({ rawBody: Buffer.from('{"a":') });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason).toMatch(/^The request body is not valid JSON/);
	});

	it('refuses a body nested deeper than the limit, without counting brackets inside strings', async () => {
		const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
		expect(await readJsonBody({ rawBody: Buffer.from(deep) })).toEqual({ ok: false, reason: 'The request body is nested deeper than 64 levels' });
		const shallow = `{"text":"${'['.repeat(500)}","list":${'['.repeat(63)}${']'.repeat(63)}}`;
		expect((await readJsonBody({ rawBody: Buffer.from(shallow) })).ok).toBe(true);
	});

	it('refuses a body over the size limit with 413, unread', async () => {
		const result = await readJsonBody({ rawBody: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20) });
		expect(result).toEqual({ ok: false, status: 413, reason: `The request body has ${MAX_BODY_BYTES + 1} bytes; at most ${MAX_BODY_BYTES} are accepted` });
	});

	it('explains an empty body', async () => {
		expect(await readJsonBody({ rawBody: Buffer.alloc(0) })).toEqual({
			ok: false,
			reason: 'The request body is empty; a JSON object is expected',
		});
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
