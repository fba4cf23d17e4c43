import type { ZodType, ZodTypeDef } from 'zod';

export type BodyResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The parts of n8n's webhook request that carry the body (`rawBody` is read by n8n before the node runs). */
export interface WebhookRequestBody {
	rawBody?: Buffer;
	body?: unknown;
	readRawBody?: () => Promise<void>;
}

function withoutPrototypeKeys(key: string, value: unknown): unknown {
	return key === '__proto__' ? undefined : value;
}

/**
 * Parses the delivery's raw bytes as JSON. Platforms label JSON inconsistently (Kinguin documents
 * `aplication/json`), so the bytes are parsed whatever the content type says. A `__proto__` key, which would
 * replace the prototype of any object it is later assigned into, is dropped; the reviver only runs when
 * the text could hold one (written plainly or with a \\u escape).
 */
export async function readJsonBody(request: WebhookRequestBody): Promise<BodyResult<unknown>> {
	if (request.rawBody === undefined && request.readRawBody) await request.readRawBody();
	const raw = request.rawBody;
	if (raw === undefined || raw.length === 0) {
		if (request.body !== undefined && typeof request.body === 'object' && request.body !== null) {
			return { ok: true, value: request.body };
		}
		return { ok: false, reason: 'The request body is empty; a JSON object is expected' };
	}
	let text = raw.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	try {
		const mayHoldPrototypeKey = /__proto__|\\u/.test(text);
		return { ok: true, value: mayHoldPrototypeKey ? JSON.parse(text, withoutPrototypeKeys) : JSON.parse(text) };
	} catch (error) {
		return { ok: false, reason: `The request body is not valid JSON (${(error as Error).message})` };
	}
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
