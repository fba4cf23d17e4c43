import fc from 'fast-check';
import { z } from 'zod';

import { MAX_BODY_BYTES, readJsonBody, validatePayload } from '../../../nodes/shared/inbound/body';
import type { WebhookRequestBody } from '../../../nodes/shared/inbound/body';
import { parseJsonExactly } from '../../../nodes/shared/inbound/exactJson';

/** JSON.parse's own message for text that is not JSON. */
function jsonParseError(text: string): string {
	try {
		JSON.parse(text);
		return 'parsed';
	} catch (error) {
		return (error as Error).message;
	}
}

/** Every place in a read value where an object has its own `__proto__` key or another prototype than a plain one. */
function prototypesIn(value: unknown, path = '(body)'): string[] {
	if (typeof value !== 'object' || value === null) return [];
	const own = Object.prototype.hasOwnProperty.call(value, '__proto__') ? [`${path}: own __proto__`] : [];
	const prototype = Object.getPrototypeOf(value);
	const foreign = prototype === Object.prototype || prototype === Array.prototype ? [] : [`${path}: prototype`];
	return [...own, ...foreign, ...Object.entries(value).flatMap(([key, child]) => prototypesIn(child, `${path}.${key}`))];
}

/** A JSON string literal of `text`, the characters `escaped` says written as `\u` escapes (hex in either case). */
function stringLiteral(text: string, escaped: boolean[]): string {
	const characters = [...text].map((character, index) => {
		if (escaped[index] !== true || character.length > 1) return JSON.stringify(character).slice(1, -1);
		const hex = character.charCodeAt(0).toString(16).padStart(4, '0');
		return `\\u${index % 2 === 0 ? hex : hex.toUpperCase()}`;
	});
	return `"${characters.join('')}"`;
}

/** A number token as the reader means it: digits beyond 2^53 as their text, any other number as JSON.parse reads it. */
const meaningOfNumber = (token: string) => (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token)) ? token : (JSON.parse(token) as number));

interface Written {
	text: string;
	meaning: unknown;
}

const whitespace = fc.constantFrom('', '', ' ', '\n', '\t ', '\r\n  ');
/** Which characters are escaped: any of them, or exactly one (one escaped letter is enough to spell `__proto__`). */
const escapes = fc.oneof(
	fc.array(fc.boolean(), { maxLength: 12 }),
	fc.nat(11).map((only) => Array.from({ length: 12 }, (_, index) => index === only)),
);
const PROTOTYPE_KEY = '__proto__';

/** JSON text of a value, written with random escapes and whitespace, beside what it means once read. */
const writtenJson: fc.Arbitrary<Written> = fc.letrec<{ value: Written; object: Written; array: Written }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		fc.tuple(fc.string(), escapes).map(([text, escaped]) => ({ text: stringLiteral(text, escaped), meaning: text })),
		fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) => ({ text: `${n}`, meaning: meaningOfNumber(`${n}`) })),
		fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ text: JSON.stringify(n), meaning: meaningOfNumber(JSON.stringify(n)) })),
		// numbers of up to ~150 characters: integers, fractions and exponents, long ones among them
		fc
			.oneof(fc.stringMatching(/^-?(0|[1-9]\d{0,70})(\.\d{1,70})?([eE][+-]?\d{1,3})?$/), fc.stringMatching(/^-?[1-9]\d{60,90}$/), fc.stringMatching(/^-?0\.\d{60,90}$/))
			.map((token) => ({ text: token, meaning: meaningOfNumber(token) })),
		fc.constantFrom(true, false, null).map((constant) => ({ text: JSON.stringify(constant), meaning: constant })),
		tie('object'),
		tie('array'),
	),
	array: fc.tuple(fc.array(fc.tuple(whitespace, tie('value'))), whitespace).map(([elements, end]) => ({
		text: `[${elements.map(([space, element]) => space + element.text).join(',')}${end}]`,
		meaning: elements.map(([, element]) => element.meaning),
	})),
	object: fc
		// a few keys often: repeated keys (the last one counts) and keys that are array indices (which come first)
		.tuple(fc.array(fc.tuple(fc.oneof(fc.string(), fc.constantFrom('a', 'b', '0', '7', PROTOTYPE_KEY)), escapes, whitespace, tie('value'))), whitespace)
		.map(([entries, end]) => {
			const meaning: Record<string, unknown> = {};
			for (const [key, , , value] of entries) if (key !== PROTOTYPE_KEY) Object.defineProperty(meaning, key, { value: value.meaning, enumerable: true, writable: true, configurable: true });
			const text = entries.map(([key, escaped, space, value]) => `${space}${stringLiteral(key, escaped)}${space}:${value.text}`).join(',');
			return { text: `{${text}${end}}`, meaning };
		}),
})).value;

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

	it('refuses by the Content-Length on every path, before reading or decoding anything', async () => {
		const readRawBody = jest.fn(async () => undefined);
		const headers = { 'content-length': String(MAX_BODY_BYTES + 1) };
		const refused = { ok: false, status: 413, reason: `The request body has ${MAX_BODY_BYTES + 1} bytes; at most ${MAX_BODY_BYTES} are accepted` };
		expect(await readJsonBody({ headers, rawBody: Buffer.from('{}') })).toEqual(refused);
		expect(await readJsonBody({ headers, body: { a: 1 } })).toEqual(refused);
		expect(await readJsonBody({ headers, readRawBody })).toEqual(refused);
		expect(readRawBody).not.toHaveBeenCalled();
	});

	it('refuses a body read without a Content-Length by the length of what was read', async () => {
		const request: WebhookRequestBody = {
			readRawBody: async () => {
				request.rawBody = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
			},
		};
		expect(await readJsonBody(request)).toMatchObject({ ok: false, status: 413 });
	});

	it('reads a multipart form n8n parsed itself, whose bytes its reader no longer has, within the same limit', async () => {
		const consumed = async () => {
			throw new Error('Request body stream was aborted or is not readable');
		};
		const form = { data: { a: '1' }, files: {} };
		expect(await readJsonBody({ body: form, readRawBody: consumed })).toEqual({ ok: true, value: form });
		const large = { data: { a: 'é'.repeat(MAX_BODY_BYTES / 2) }, files: {} };
		expect(await readJsonBody({ body: large, readRawBody: consumed })).toEqual({
			ok: false,
			status: 413,
			reason: `The request body has more than ${MAX_BODY_BYTES} bytes; at most ${MAX_BODY_BYTES} are accepted`,
		});
		expect(await readJsonBody({ readRawBody: consumed })).toMatchObject({ ok: false, status: 400, reason: 'is empty; a JSON object is expected' });
	});

	it('looks at no more of a parsed body than the limit, however large it is', async () => {
		// an array of a billion ones, counting the elements read
		let looked = 0;
		const huge = new Proxy<number[]>([], {
			get(target, key, receiver) {
				if (key === 'length') return 1e9;
				if (typeof key === 'string' && /^\d+$/.test(key)) return ++looked && 1;
				return Reflect.get(target, key, receiver) as unknown;
			},
		});
		expect(await readJsonBody({ body: { huge } })).toMatchObject({ ok: false, status: 413 });
		expect(looked).toBeGreaterThan(0);
		expect(looked).toBeLessThanOrEqual(MAX_BODY_BYTES);
	});

	it('explains a body that is not JSON, and keeps its text', async () => {
		const result = await readJsonBody({ rawBody: Buffer.from('{"a":') });
		expect(result).toEqual({ ok: false, status: 400, reason: expect.stringMatching(/^is not valid JSON \(.+\)$/), text: '{"a":' });
	});

	it('refuses a body nested deeper than the limit, keeping its text, without counting brackets inside strings', async () => {
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
	it('drops a __proto__ key whichever one of its letters is escaped, in either case of hex', () => {
		for (let at = 0; at < PROTOTYPE_KEY.length; at++) {
			const hex = PROTOTYPE_KEY.charCodeAt(at).toString(16).padStart(4, '0');
			for (const escape of [`\\u${hex}`, `\\u${hex.toUpperCase()}`]) {
				const key = `${PROTOTYPE_KEY.slice(0, at)}${escape}${PROTOTYPE_KEY.slice(at + 1)}`;
				const read = parseJsonExactly(`[{"a":1,"${key}":{"polluted":true}}]`);
				expect({ key, read }).toEqual({ key, read: { ok: true, value: [{ a: 1 }] } });
			}
		}
	});

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

	it('keeps long numbers as JSON.parse reads them, and long integers as their digits, beside short ones', () => {
		const long = `9${'1'.repeat(80)}`;
		const fraction = `1.${'9'.repeat(80)}`;
		const negativeZero = `-0.${'0'.repeat(80)}`;
		const text = `{"a":[${long},${fraction},12345678901234567890,${negativeZero},"#0",0],"b":-${long}}`;
		const read = parseJsonExactly(text) as { ok: true; value: { a: unknown[]; b: unknown } };
		expect(read).toEqual({ ok: true, value: { a: [long, 2, '12345678901234567890', -0, '#0', 0], b: `-${long}` } });
		expect(Object.is(read.value.a[3], -0)).toBe(true);
		expect(parseJsonExactly(long)).toEqual({ ok: true, value: long });
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

	it('reads any JSON text written with escapes, whitespace, long integers and __proto__ keys as it means', () => {
		fc.assert(
			fc.property(writtenJson, ({ text, meaning }) => {
				const read = parseJsonExactly(text);
				expect(read).toEqual({ ok: true, value: meaning });
				expect(prototypesIn((read as { value: unknown }).value)).toEqual([]);
			}),
			{ numRuns: 400 },
		);
	});

	it('leaves text that is not JSON as it is, also where quoting a long integer would make it JSON', () => {
		// quoted, the key-position integer would turn the text into JSON: it is refused as JSON.parse refuses it
		const text = '{"a":1,12345678901234567890:2}';
		expect(parseJsonExactly(text)).toEqual({ ok: false, reason: `is not valid JSON (${jsonParseError(text)})` });
		expect(parseJsonExactly('[12345678901234567890,]')).toEqual({ ok: false, reason: `is not valid JSON (${jsonParseError('[12345678901234567890,]')})` });
	});

	it('refuses text nested deeper than 64 levels, and reads 64 levels with a __proto__ key at the bottom', () => {
		expect(parseJsonExactly(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`)).toEqual({ ok: false, reason: 'is nested deeper than 64 levels' });
		// 62 arrays, the object, and its __proto__ key's object: 64 levels
		const deepest = parseJsonExactly(`${'['.repeat(62)}{"__proto__":{"polluted":true},"id":12345678901234567890}${']'.repeat(62)}`);
		let value = (deepest as { value: unknown }).value;
		for (let level = 0; level < 62; level++) value = (value as unknown[])[0];
		expect(value).toEqual({ id: '12345678901234567890' });
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
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
