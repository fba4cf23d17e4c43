import type { ZodType, ZodTypeDef } from 'zod';

/** A failure carries the HTTP status to answer with: 400 unless said otherwise. */
export type BodyResult<T> = { ok: true; value: T } | { ok: false; reason: string; status?: 400 | 413 };

/**
 * A delivery's body as a trigger reads it: the parsed JSON; a body too large to read (413); or one that is
 * not usable JSON, with its text so that nothing the platform sent is lost.
 */
export type JsonBody =
	| { ok: true; value: unknown }
	| { ok: false; status: 413; reason: string }
	| { ok: false; status: 400; reason: string; text: string };

/**
 * The largest delivery a trigger reads unless it says otherwise. The platforms' documented payloads are a
 * few kilobytes (a Shopkit order with many products stays far below), so anything larger is refused unread.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The deepest nesting a body may have. Deeper JSON parses, but n8n cannot store or display it (its
 * serialisation overflows the stack), and no platform's payload comes close.
 */
export const MAX_BODY_DEPTH = 64;

function occurrences(text: string, character: string): number {
	let count = 0;
	for (let at = text.indexOf(character); at !== -1; at = text.indexOf(character, at + 1)) count++;
	return count;
}

/** Whether JSON text nests objects and arrays deeper than `limit`; brackets inside strings do not count. */
function nestedDeeperThan(text: string, limit: number): boolean {
	// Counting brackets is native and cheap; only a body with that many of them is walked.
	if (occurrences(text, '{') + occurrences(text, '[') <= limit) return false;
	let depth = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const character = text[index];
		if (inString) {
			if (character === '\\') index++;
			else if (character === '"') inString = false;
		} else if (character === '"') inString = true;
		else if (character === '{' || character === '[') {
			if (++depth > limit) return true;
		} else if (character === '}' || character === ']') depth--;
	}
	return false;
}

/** The parts of n8n's webhook request that carry the body (`rawBody` is read by n8n before the node runs). */
export interface WebhookRequestBody {
	rawBody?: Buffer;
	body?: unknown;
	readRawBody?: () => Promise<void>;
}

function withoutPrototypeKeys(key: string, value: unknown): unknown {
	return key === '__proto__' ? undefined : value;
}

/** A JSON number with 16 digits or more where a value starts: the only kind that may be beyond 2^53. */
const LONG_INTEGER_CANDIDATE = /[:,[]\s*-?\d{16}/;
/** A string (skipped whole) or an integer literal of 16 digits or more that is not part of a fraction or exponent. */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/** Integers beyond 2^53 written as JSON strings of the same digits, which JSON.parse then keeps exactly. */
function quoteInexactIntegers(text: string): string {
	return text.replace(STRING_OR_LONG_INTEGER, (token) =>
		token.charCodeAt(0) === 0x22 || Number.isSafeInteger(Number(token)) ? token : `"${token}"`,
	);
}

/**
 * JSON.parse, except that an integer beyond 2^53 (an id, which JSON.parse would round) is read as the text of
 * its digits, and a `__proto__` key, which would replace the prototype of any object it is later assigned
 * into, is dropped. Both extra steps run only when the text could need them, so most bodies are parsed by
 * JSON.parse alone; neither needs a newer Node than 20 (JSON.parse's source text access came with 21).
 */
export function parseJsonExactly(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	const exact = LONG_INTEGER_CANDIDATE.test(text) ? quoteInexactIntegers(text) : text;
	try {
		const mayHoldPrototypeKey = /__proto__|\\u/.test(exact);
		return { ok: true, value: mayHoldPrototypeKey ? JSON.parse(exact, withoutPrototypeKeys) : JSON.parse(exact) };
	} catch (error) {
		return { ok: false, reason: `is not valid JSON (${(error as Error).message})` };
	}
}

/**
 * Reads the delivery's raw bytes as JSON. Platforms label JSON inconsistently (Kinguin documents
 * `aplication/json`), so the bytes are parsed whatever the content type says. `maxBytes` is the trigger's
 * limit against abuse; a larger body is refused unread.
 */
export async function readJsonBody(request: WebhookRequestBody, maxBytes = MAX_BODY_BYTES): Promise<JsonBody> {
	if (request.rawBody === undefined && request.readRawBody) await request.readRawBody();
	const raw = request.rawBody;
	if (raw === undefined || raw.length === 0) {
		if (request.body !== undefined && typeof request.body === 'object' && request.body !== null) {
			return { ok: true, value: request.body };
		}
		return { ok: false, status: 400, reason: 'is empty; a JSON object is expected', text: '' };
	}
	if (raw.length > maxBytes) {
		return { ok: false, status: 413, reason: `The request body has ${raw.length} bytes; at most ${maxBytes} are accepted` };
	}
	let text = raw.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (nestedDeeperThan(text, MAX_BODY_DEPTH)) {
		return { ok: false, status: 400, reason: `is nested deeper than ${MAX_BODY_DEPTH} levels`, text };
	}
	const parsed = parseJsonExactly(text);
	return parsed.ok ? parsed : { ok: false, status: 400, reason: parsed.reason, text };
}

/** Describes a zod failure by the path of the first bad field and what is wrong with it. */
export function validatePayload<Output>(
	schema: ZodType<Output, ZodTypeDef, unknown>,
	value: unknown,
): BodyResult<Output> {
	const result = schema.safeParse(value);
	if (result.success) return { ok: true, value: result.data };
	const issue = result.error.issues[0];
	const path = issue.path.length ? issue.path.join('.') : '(body)';
	return { ok: false, reason: `${path}: ${issue.message}` };
}
