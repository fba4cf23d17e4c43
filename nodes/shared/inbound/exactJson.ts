/**
 * JSON text read without losing what JSON.parse loses, in time linear in the text's length whatever it holds:
 * the body of a request is read before anyone knows who sent it, so no step may backtrack over it.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * What only the slow path handles: 16 digits where a value starts, the text's own start included (the shortest
 * integer that may be beyond 2^53), a `__proto__` key, or a `\\u` escape (which may spell one). The whitespace before a value is taken
 * whole by a lookahead and never given back, so no part of the expression backtracks: each character costs a
 * bounded number of steps. Most bodies hold none of these and are read by JSON.parse after this one native scan.
 */
const NEEDS_CARE = /(?:^|[:,[])(?=(\s*))\1-?\d{16}|__proto__|\\u/;
const MAY_HOLD_PROTOTYPE_KEY = /__proto__|\\u/;
/** Fewer digits than this always make a safe integer (2^53 has 16). */
const SHORTEST_INEXACT_DIGITS = 16;

const isDigit = (code: number) => code >= DIGIT_0 && code <= DIGIT_9;

/**
 * The index after the string whose contents start at `from`, or the text's length when it never ends. Each
 * closing-quote candidate is found natively; the backslashes before it are counted once, since a run of them
 * ends at that quote.
 */
export function afterString(text: string, from: number): number {
	for (let at = from; ; ) {
		const quote = text.indexOf('"', at);
		if (quote === -1) return text.length;
		let backslashes = 0;
		for (let before = quote - 1; before >= from && text.charCodeAt(before) === BACKSLASH; before--) backslashes++;
		if (backslashes % 2 === 0) return quote + 1;
		at = quote + 1;
	}
}

/** The index after the number that starts at `from`, and whether it is an integer (no fraction, no exponent). */
function afterNumber(text: string, from: number): { end: number; integer: boolean } {
	let end = from + 1;
	while (end < text.length && isDigit(text.charCodeAt(end))) end++;
	let integer = true;
	for (; end < text.length; end++) {
		const code = text.charCodeAt(end);
		if (!isDigit(code) && code !== 0x2e && code !== 0x65 && code !== 0x45 && code !== 0x2b && code !== MINUS) break;
		integer = false;
	}
	return { end, integer };
}

/**
 * The text with every integer beyond 2^53 written as a JSON string of its digits, which JSON.parse then keeps
 * exactly; strings are skipped whole. One pass: every character is looked at a bounded number of times.
 */
export function quoteInexactIntegers(text: string): string {
	const parts: string[] = [];
	let copied = 0;
	for (let at = 0; at < text.length; ) {
		const code = text.charCodeAt(at);
		if (code === QUOTE) {
			at = afterString(text, at + 1);
		} else if (code === MINUS || isDigit(code)) {
			const { end, integer } = afterNumber(text, at);
			const digits = end - at - (code === MINUS ? 1 : 0);
			if (integer && digits >= SHORTEST_INEXACT_DIGITS && !Number.isSafeInteger(Number(text.slice(at, end)))) {
				parts.push(text.slice(copied, at), '"', text.slice(at, end), '"');
				copied = end;
			}
			at = end;
		} else {
			at++;
		}
	}
	if (copied === 0) return text;
	parts.push(text.slice(copied));
	return parts.join('');
}

function withoutPrototypeKeys(key: string, value: unknown): unknown {
	return key === '__proto__' ? undefined : value;
}

/**
 * JSON.parse, except that an integer beyond 2^53 (an id, which JSON.parse would round) is read as the text of
 * its digits, and a `__proto__` key, which would replace the prototype of any object it is later assigned
 * into, is dropped. Both extra steps run only when the text could need them, so most bodies are parsed by
 * JSON.parse after one native scan; neither needs a newer Node than 20.
 */
export function parseJsonExactly(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		if (!NEEDS_CARE.test(text)) return { ok: true, value: JSON.parse(text) };
		const exact = quoteInexactIntegers(text);
		return { ok: true, value: MAY_HOLD_PROTOTYPE_KEY.test(exact) ? JSON.parse(exact, withoutPrototypeKeys) : JSON.parse(exact) };
	} catch (error) {
		return { ok: false, reason: `is not valid JSON (${(error as Error).message})` };
	}
}
