import type http from 'http';

/**
 * The HTTP plumbing every platform mock shares: reading and parsing a request body, answering with
 * JSON, and reading `Authorization` headers. Each mock keeps only its platform's routes and rules.
 */

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A request body as the mock received it: JSON, a form, other text, or nothing. */
export type Parsed = { kind: 'json' | 'form' | 'raw' | 'none'; value: unknown };

export function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** JSON whatever the content type says; a form only when the content type says so. */
export function parseBody(raw: string, contentType?: string): Parsed {
	if (raw === '') return { kind: 'none', value: undefined };
	try {
		return { kind: 'json', value: JSON.parse(raw) };
	} catch {
		if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
			return { kind: 'form', value: Object.fromEntries(new URLSearchParams(raw)) };
		}
		return { kind: 'raw', value: raw };
	}
}

export function send(res: http.ServerResponse, { status, body, headers = {} }: Reply): void {
	if (status === 204 || body === undefined) {
		res.writeHead(status, headers).end();
		return;
	}
	res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(jsonWithBigInts(body));
}

/** JSON in which a BigInt is written as the integer it is, as platforms with 64-bit ids write them. */
function jsonWithBigInts(body: unknown): string {
	const marked = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? `\u0000bigint:${value}` : value));
	return marked.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectOf(value: unknown): Record<string, unknown> {
	return isObject(value) ? value : {};
}

/** The credential of an `Authorization: <scheme> <credential>` header; the scheme is case-insensitive (RFC 7235). */
export function credentialFor(scheme: string, authorization: string | undefined): string | undefined {
	const match = /^(\S+) +(\S+)$/.exec(authorization ?? '');
	return match && match[1].toLowerCase() === scheme ? match[2] : undefined;
}

export function basicPair(authorization: string | undefined): { id: string; secret: string } | undefined {
	const credential = credentialFor('basic', authorization);
	if (credential === undefined) return undefined;
	const decoded = Buffer.from(credential, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** A platform that holds requests unanswered until released, as one that takes its time (a registration under way). */
export interface HeldRequests {
	/** Answers the held requests, and every later one, normally. */
	release: () => void;
	/** How many requests are waiting. */
	held: () => number;
}

/**
 * Holds the requests that reach `pass()` while `hold()` is in force, until released; a mock awaits `pass()` before
 * answering. Unlike a failure with status 0, a held request is answered normally once released.
 */
export class RequestHold {
	private gate?: { opened: Promise<void>; open: () => void };
	private waiting = 0;

	hold(): HeldRequests {
		if (!this.gate) {
			let open = () => {};
			const opened = new Promise<void>((resolve) => (open = resolve));
			this.gate = { opened, open };
		}
		return { release: () => this.release(), held: () => this.waiting };
	}

	release(): void {
		const gate = this.gate;
		this.gate = undefined;
		gate?.open();
	}

	async pass(): Promise<void> {
		while (this.gate) {
			this.waiting++;
			try {
				await this.gate.opened;
			} finally {
				this.waiting--;
			}
		}
	}
}
