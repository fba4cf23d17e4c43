/**
 * JSON text read without losing what JSON.parse loses, in time linear in the text's length whatever it holds:
 * the body of a request is read before anyone knows who sent it, so no step may backtrack over it, and none
 * may cost more per value than JSON.parse itself (bench/RESULTS.md, section 1b, measures the slowest shapes).
 *
 * The steps, each linear, the later ones run only when the text could need them:
 * 1. JSON.parse of the text as it is, which refuses text that is not JSON as early as JSON.parse does;
 * 2. the nesting, when the text holds more opening brackets than the limit (counted natively, stopping there):
 *    one walk over the brackets outside strings, which stops at the first level too deep;
 * 3. when a number of 16 characters or more starts a value: its integers beyond 2^53 found (one native search,
 *    each string skipped once), the text read again with them as strings and its long numbers left out, and
 *    their digits written into the first reading where the second holds them;
 * 4. when a `__proto__` key may be spelled: one walk of the parsed value, visiting each array and object once,
 *    that copies every object holding such a key without it.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * The deepest nesting a value may have. Deeper JSON parses (V8's JSON.parse spends about 2 µs on each level,
 * as it does for n8n's own reading of any `application/json` body), but n8n cannot store or display it (its
 * serialisation overflows the stack), and no platform's payload comes close.
 */
export const MAX_JSON_DEPTH = 64;

/** 2^53 − 1: an integer of 16 digits is exact up to it (compared as text), one of 17 or more never. */
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

/**
 * A number of 16 characters or more where a value starts: the text's start or after `:`, `,` or `[`, then JSON
 * whitespace. Each part matches characters the next cannot start with, so a failed attempt gives back at most
 * the whitespace it took, which no other attempt takes: each character is read a bounded number of times.
 */
const LONG_NUMBER_AT_VALUE_START = /(?:^|[:,[])[ \t\n\r]*-?\d[\d.eE+-]{15,}/g;

/** A number at least this long is left out of the second reading: JSON.parse has read it already. */
const LONG_NUMBER_LENGTH = 64;

/**
 * The only spellings of a `__proto__` key: written plainly, or with `\u` escapes of its letters (`_` 5f,
 * `o` 6f, `p` 70, `r` 72, `t` 74). A body without any of them holds no such key and is not walked.
 */
const MAY_SPELL_PROTOTYPE_KEY = /__proto__|\\u00(?:5[Ff]|6[Ff]|7[024])/;

const PROTOTYPE_KEY = '__proto__';

/**
 * The index after the string whose contents start at `from`, or the text's length when it never ends. Each
 * closing-quote candidate is found natively; the backslashes before it are counted once, since a run of them
 * ends at that quote.
 */
function afterString(text: string, from: number): number {
	for (let at = from; ; ) {
		const quote = text.indexOf('"', at);
		if (quote === -1) return text.length;
		let backslashes = 0;
		for (let before = quote - 1; before >= from && text.charCodeAt(before) === BACKSLASH; before--) backslashes++;
		if (backslashes % 2 === 0) return quote + 1;
		at = quote + 1;
	}
}

/** Whether the text holds more than `count` opening brackets and braces; counting stops there. */
function opensMoreThan(text: string, count: number): boolean {
	let found = 0;
	for (const opening of ['[', '{']) {
		for (let at = text.indexOf(opening); at !== -1; at = text.indexOf(opening, at + 1)) if (++found > count) return true;
	}
	return false;
}

/** A run of characters that never change the nesting, skipped in one native step. */
const NEUTRAL_RUN = /[^"[\]{}]+/y;

/** Whether JSON text nests arrays and objects deeper than `limit`; brackets inside strings do not count. */
function nestedDeeperThan(text: string, limit: number): boolean {
	if (!opensMoreThan(text, limit)) return false;
	let depth = 0;
	for (let at = 0; at < text.length; ) {
		const code = text.charCodeAt(at);
		if (code === QUOTE) {
			at = afterString(text, at + 1);
		} else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
			if (++depth > limit) return true;
			at++;
		} else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
			depth--;
			at++;
		} else {
			NEUTRAL_RUN.lastIndex = at;
			NEUTRAL_RUN.test(text);
			at = NEUTRAL_RUN.lastIndex;
		}
	}
	return false;
}

/**
 * For index after index, ascending: -1 when it lies outside every string, or the index after the string that
 * holds it. Every string is skipped once, however many indices are asked about.
 */
function stringsAround(text: string): (index: number) => number {
	let nextQuote = text.indexOf('"');
	return (index) => {
		while (nextQuote !== -1 && nextQuote < index) {
			const end = afterString(text, nextQuote + 1);
			nextQuote = text.indexOf('"', end);
			if (end > index) return end;
		}
		return -1;
	};
}

const isDigit = (code: number) => code >= DIGIT_0 && code <= DIGIT_9;

/** Whether a character can be part of a JSON number. */
function isNumberCharacter(code: number): boolean {
	return isDigit(code) || code === MINUS || code === 0x2b || code === 0x2e || code === 0x45 || code === 0x65;
}

/**
 * The number of JSON text that ends at `end`, found back from its end over the characters of a number only:
 * where it starts, and whether it is an integer beyond 2^53 (valid JSON has no leading zeros, so 17 digits
 * or more always are, and 16 when above 2^53 − 1).
 */
function numberEndingAt(text: string, end: number): { start: number; inexact: boolean } {
	let digitsStart = end;
	while (isDigit(text.charCodeAt(digitsStart - 1))) digitsStart--;
	let start = digitsStart;
	while (isNumberCharacter(text.charCodeAt(start - 1))) start--;
	const integer = start === digitsStart || (start === digitsStart - 1 && text.charCodeAt(start) === MINUS);
	const digits = end - digitsStart;
	const inexact = integer && (digits > MAX_SAFE_DIGITS.length || (digits === MAX_SAFE_DIGITS.length && text.slice(digitsStart, end) > MAX_SAFE_DIGITS));
	return { start, inexact };
}

/**
 * Calls `visit` with every number of JSON text that needs care, in order: an integer beyond 2^53, or any other
 * number of LONG_NUMBER_LENGTH characters or more. One native search finds the candidates left to right; the
 * strings before each are skipped once.
 */
function forEachNumberNeedingCare(text: string, visit: (start: number, end: number, inexact: boolean) => void): void {
	const candidates = LONG_NUMBER_AT_VALUE_START;
	candidates.lastIndex = 0;
	const stringEndAround = stringsAround(text);
	while (candidates.test(text)) {
		const end = candidates.lastIndex;
		const { start, inexact } = numberEndingAt(text, end);
		const stringEnd = stringEndAround(start);
		if (stringEnd !== -1) candidates.lastIndex = stringEnd;
		else if (inexact || end - start >= LONG_NUMBER_LENGTH) visit(start, end, inexact);
	}
}

/** The placeholder of a long integer beyond 2^53 in the second reading: `#` and its place among them. */
const LONG_INTEGER_MARK = 0x23;

/**
 * What the second reading reads instead of the number text[start, end) that needs care: an integer beyond 2^53
 * as a string of its digits, or, when it is long, of its place in `longDigits`; any other long number as 0. What
 * is long is left out, so that the second reading never copies it.
 */
function writtenInstead(text: string, start: number, end: number, inexact: boolean, longDigits: string[]): string {
	if (!inexact) return '0';
	return end - start < LONG_NUMBER_LENGTH ? `"${text.slice(start, end)}"` : `"#${longDigits.push(text.slice(start, end)) - 1}"`;
}

/**
 * Takes back from the first reading what the second left out: a long number (where the second holds a
 * number that differs), a long integer beyond 2^53 (where it holds a `#` placeholder and the first a number).
 * Both readings have the same shape; recursive, within MAX_JSON_DEPTH levels, which the text was checked for.
 */
function takeBackLongNumbers(second: object, first: object, longDigits: string[]): void {
	const target = second as Record<string | number, unknown>;
	const source = first as Record<string | number, unknown>;
	const keys = Array.isArray(second) ? undefined : Object.keys(second);
	const count = keys ? keys.length : (second as unknown[]).length;
	for (let at = 0; at < count; at++) {
		const key = keys ? keys[at] : at;
		const part = target[key];
		if (typeof part === 'number') {
			if (!Object.is(part, source[key])) target[key] = source[key];
		} else if (typeof part === 'string') {
			if (typeof source[key] === 'number' && part.charCodeAt(0) === LONG_INTEGER_MARK) target[key] = longDigits[Number(part.slice(1))];
		} else if (typeof part === 'object' && part !== null) {
			takeBackLongNumbers(part, source[key] as object, longDigits);
		}
	}
}

/**
 * The parsed value with every integer beyond 2^53 as the text of its digits. When the text holds one, it is
 * read a second time with each such integer written as a string; long numbers are left out of that reading
 * and taken back from the first one.
 */
function withExactIntegers(text: string, value: unknown): unknown {
	const longDigits: string[] = [];
	let second = '';
	let copied = 0;
	let inexact = false;
	let long = false;
	forEachNumberNeedingCare(text, (start, end, isInexact) => {
		// a rope of slices: JSON.parse flattens it once
		second += text.slice(copied, start) + writtenInstead(text, start, end, isInexact, longDigits);
		copied = end;
		inexact ||= isInexact;
		long ||= end - start >= LONG_NUMBER_LENGTH;
	});
	if (!inexact) return value;
	const read = [JSON.parse(second + text.slice(copied)) as unknown];
	if (long) takeBackLongNumbers(read, [value], longDigits);
	return read[0];
}

/** The object without its own `__proto__` key: a copy, since deleting a property makes V8 rebuild the object slowly. */
function withoutPrototypeKey(object: Record<string, unknown>): Record<string, unknown> {
	const copy: Record<string, unknown> = {};
	for (const key of Object.keys(object)) if (key !== PROTOTYPE_KEY) copy[key] = object[key];
	return copy;
}

/**
 * The parsed value with every `__proto__` key left out, at any depth: each array and object is visited once.
 * Recursive, within MAX_JSON_DEPTH levels, which the text was checked for before it was parsed.
 */
function withoutPrototypeKeys(value: object): object {
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			const element: unknown = value[index];
			if (typeof element === 'object' && element !== null) value[index] = withoutPrototypeKeys(element);
		}
		return value;
	}
	const object = Object.prototype.hasOwnProperty.call(value, PROTOTYPE_KEY) ? withoutPrototypeKey(value as Record<string, unknown>) : (value as Record<string, unknown>);
	for (const key of Object.keys(object)) {
		const child = object[key];
		if (typeof child === 'object' && child !== null) object[key] = withoutPrototypeKeys(child);
	}
	return object;
}

/**
 * JSON.parse, except that an integer beyond 2^53 (an id, which JSON.parse would round) is read as the text of
 * its digits, a `__proto__` key, which would replace the prototype of any object it is later assigned into,
 * is dropped, and JSON nested deeper than MAX_JSON_DEPTH is refused. Text that is not JSON is refused as soon
 * as JSON.parse refuses it; most JSON costs JSON.parse and a native scan or two (see the steps above).
 */
export function parseJsonExactly(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return { ok: false, reason: `is not valid JSON (${(error as Error).message})` };
	}
	if (nestedDeeperThan(text, MAX_JSON_DEPTH)) return { ok: false, reason: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
	value = withExactIntegers(text, value);
	const mayHoldPrototypeKey = typeof value === 'object' && value !== null && MAY_SPELL_PROTOTYPE_KEY.test(text);
	return { ok: true, value: mayHoldPrototypeKey ? withoutPrototypeKeys(value as object) : value };
}
