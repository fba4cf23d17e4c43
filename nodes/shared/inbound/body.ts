import type { ZodType, ZodTypeDef } from 'zod';

import { afterString, parseJsonExactly } from './exactJson';

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
	// Counting brackets is native and cheap; only a body with that many of them is walked, once.
	if (occurrences(text, '{') + occurrences(text, '[') <= limit) return false;
	let depth = 0;
	for (let index = 0; index < text.length; ) {
		const character = text[index];
		if (character === '"') {
			index = afterString(text, index + 1);
			continue;
		}
		if (character === '{' || character === '[') {
			if (++depth > limit) return true;
		} else if (character === '}' || character === ']') depth--;
		index++;
	}
	return false;
}

/**
 * The parts of n8n's webhook request that carry the body. n8n 1.x and 2.x read the whole body into `rawBody`
 * (up to N8N_PAYLOAD_SIZE_MAX) before a version 1 node runs; `readRawBody` reads it when n8n has not.
 */
export interface WebhookRequestBody {
	rawBody?: Buffer;
	body?: unknown;
	readRawBody?: () => Promise<void>;
	headers?: Record<string, string | string[] | undefined>;
}

const tooLarge = (bytes: number, maxBytes: number) =>
	({ ok: false, status: 413, reason: `The request body has ${bytes} bytes; at most ${maxBytes} are accepted` }) as const;

/** The raw bytes of a body within `maxBytes` (none when n8n kept none), or the 413 for a larger one. */
export type RawBody = { ok: true; raw: Buffer | undefined } | ReturnType<typeof tooLarge>;

/**
 * The delivery's raw bytes, read at most once: a body larger than `maxBytes` is refused, and, when n8n has not
 * read it yet and its Content-Length says it is larger, refused unread. A check over the bytes as sent (a
 * signature) reads them here as the JSON reading does.
 */
export async function readBodyBytes(request: WebhookRequestBody, maxBytes = MAX_BODY_BYTES): Promise<RawBody> {
	if (request.rawBody === undefined && request.readRawBody) {
		const declared = Number(request.headers?.['content-length']);
		if (declared > maxBytes) return tooLarge(declared, maxBytes);
		await request.readRawBody();
	}
	const raw = request.rawBody;
	return raw !== undefined && raw.length > maxBytes ? tooLarge(raw.length, maxBytes) : { ok: true, raw };
}

/**
 * Reads the delivery's raw bytes as JSON. Platforms label JSON inconsistently (Kinguin documents
 * `aplication/json`), so the bytes are parsed whatever the content type says. `maxBytes` is the trigger's
 * limit against abuse; a larger body is refused unparsed (readBodyBytes).
 */
export async function readJsonBody(request: WebhookRequestBody, maxBytes = MAX_BODY_BYTES): Promise<JsonBody> {
	const bytes = await readBodyBytes(request, maxBytes);
	if (!bytes.ok) return bytes;
	const { raw } = bytes;
	if (raw === undefined || raw.length === 0) {
		if (request.body !== undefined && typeof request.body === 'object' && request.body !== null) {
			return { ok: true, value: request.body };
		}
		return { ok: false, status: 400, reason: 'is empty; a JSON object is expected', text: '' };
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
