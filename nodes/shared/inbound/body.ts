import type { ZodType, ZodTypeDef } from 'zod';

import { parseJsonExactly } from './exactJson';

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
 * The parts of n8n's webhook request that carry the body. n8n 1.x and 2.x read the whole body into `rawBody`
 * (up to N8N_PAYLOAD_SIZE_MAX) before a version 1 node runs, except a multipart form, which its form parser
 * reads into `body` instead; `readRawBody` reads the bytes when nothing has yet.
 */
export interface WebhookRequestBody {
	rawBody?: Buffer;
	body?: unknown;
	readRawBody?: () => Promise<void>;
	headers?: Record<string, string | string[] | undefined>;
}

const tooLarge = (size: number | string, maxBytes: number) =>
	({ ok: false, status: 413, reason: `The request body has ${size} bytes; at most ${maxBytes} are accepted` }) as const;

/** The raw bytes of a body within `maxBytes` (none when n8n kept none), or the 413 for a larger one. */
export type RawBody = { ok: true; raw: Buffer | undefined } | ReturnType<typeof tooLarge>;

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * Has n8n read the bytes it has not read yet. Its reader fails once n8n's form parser has consumed a multipart
 * body (the form it parsed is then the body) or when the sender broke the request off: there are no bytes then.
 */
async function readRawBodyIfReadable(request: WebhookRequestBody): Promise<void> {
	if (request.rawBody !== undefined || !request.readRawBody) return;
	try {
		await request.readRawBody();
	} catch {
		// no bytes: the body is what n8n parsed, if anything
	}
}

/**
 * The delivery's raw bytes, read at most once, or the 413 for a body larger than `maxBytes`: refused before
 * anything is read when its Content-Length says so, otherwise (sent without one, or compressed) by the length
 * of the bytes read, before they are decoded. A check over the bytes as sent (a signature) reads them here as
 * the JSON reading does.
 */
export async function readBodyBytes(request: WebhookRequestBody, maxBytes = MAX_BODY_BYTES): Promise<RawBody> {
	const declared = Number(request.headers?.['content-length']);
	if (declared > maxBytes) return tooLarge(declared, maxBytes);
	await readRawBodyIfReadable(request);
	const raw = request.rawBody;
	return raw !== undefined && raw.length > maxBytes ? tooLarge(raw.length, maxBytes) : { ok: true, raw };
}

/**
 * Whether a value would take more than `maxBytes` written as JSON, looking at no more of it than that: every
 * step counts at least one byte, and the walk stops once the count passes the limit.
 */
function largerThan(value: unknown, maxBytes: number): boolean {
	let left = maxBytes;
	const pending: unknown[] = [value];
	while (pending.length > 0 && left >= 0) {
		const next = pending.pop();
		left -= 2;
		if (typeof next === 'string') {
			left -= next.length > left ? next.length : Buffer.byteLength(next);
		} else if (!isObject(next)) {
			left -= String(next).length;
		} else if (Array.isArray(next)) {
			for (let index = 0; index < next.length && left >= 0; index++, left--) pending.push(next[index]);
		} else {
			for (const key of Object.keys(next)) {
				if (--left < 0) break;
				pending.push(key, (next as Record<string, unknown>)[key]);
			}
		}
	}
	return left < 0;
}

/**
 * A body n8n parsed itself instead of keeping its bytes (a multipart form), within the same limit; no body at
 * all is not JSON.
 */
function bodyParsedByN8n(body: unknown, maxBytes: number): JsonBody {
	if (!isObject(body)) return { ok: false, status: 400, reason: 'is empty; a JSON object is expected', text: '' };
	return largerThan(body, maxBytes) ? tooLarge(`more than ${maxBytes}`, maxBytes) : { ok: true, value: body };
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
	if (raw === undefined || raw.length === 0) return bodyParsedByN8n(request.body, maxBytes);
	let text = raw.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
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
