import { createHmac, hash, timingSafeEqual } from 'crypto';

/** One-shot hashing: half the cost of a `createHash` object for a secret of a few dozen bytes. */
function digest(value: string): Buffer {
	return hash('sha256', value, 'buffer');
}

/**
 * Digests of the expected secrets, which are the same for every delivery of a node: hashing only the
 * received side halves the work per delivery. Bounded, and emptied whole when full.
 */
const expectedDigests = new Map<string, Buffer>();
const EXPECTED_DIGESTS_KEPT = 256;

function expectedDigest(expected: string): Buffer {
	let known = expectedDigests.get(expected);
	if (!known) {
		if (expectedDigests.size >= EXPECTED_DIGESTS_KEPT) expectedDigests.clear();
		known = digest(expected);
		expectedDigests.set(expected, known);
	}
	return known;
}

/**
 * Compares a received secret with the expected one in constant time.
 * Both sides are hashed first so the comparison takes the same time whatever their lengths,
 * and an empty expected secret never matches (it means the node is not configured).
 */
export function secretsMatch(expected: string, received: string | undefined): boolean {
	if (expected.length === 0 || received === undefined) return false;
	return timingSafeEqual(expectedDigest(expected), digest(received));
}

/**
 * Checks an `Authorization: Basic …` header against the expected id and secret, comparing the encoded
 * `id:secret` in constant time. Comparing the encoding, not the decoded text, also refuses headers that
 * merely decode to the pair (Node's base64 decoder ignores what follows the padding).
 */
export function basicCredentialsMatch(authorization: string | undefined, id: string, secret: string): boolean {
	const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (!match || id.length === 0 || secret.length === 0) return false;
	return secretsMatch(Buffer.from(`${id}:${secret}`, 'utf8').toString('base64'), match[1]);
}

/**
 * What a trigger keeps of a secret in static data, which n8n's public API, exports and database dumps show to
 * anyone who may read the workflow: its SHA-256, from which the secret cannot be recovered.
 */
export function secretDigest(secret: string): string {
	return digest(secret).toString('hex');
}

/**
 * Whether `received` is the secret whose digest (secretDigest) is among `digests`, compared in constant time.
 * An empty list or an absent secret never matches.
 */
export function matchesDigest(digests: readonly string[], received: string | undefined): boolean {
	if (received === undefined) return false;
	const actual = digest(received);
	let matched = false;
	for (const expected of digests) {
		const stored = storedDigest(expected);
		if (stored.length === actual.length && timingSafeEqual(stored, actual)) matched = true;
	}
	return matched;
}

/** Stored digests decoded once: they are the same for every delivery of a node. Bounded like expectedDigests. */
const decodedDigests = new Map<string, Buffer>();

function storedDigest(hex: string): Buffer {
	let known = decodedDigests.get(hex);
	if (!known) {
		if (decodedDigests.size >= EXPECTED_DIGESTS_KEPT) decodedDigests.clear();
		known = Buffer.from(hex, 'hex');
		decodedDigests.set(hex, known);
	}
	return known;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Whether `received` is the hex HMAC-SHA256 of `data` (the raw bytes of a body, as received) keyed with `key`,
 * compared in constant time. Only the form of `received` (64 hex digits) is checked before the comparison; an
 * empty key or an absent signature never matches.
 */
export function hmacSha256HexMatches(key: string, data: Buffer, received: string | undefined): boolean {
	if (key.length === 0 || received === undefined) return false;
	const signature = received.trim();
	if (!SHA256_HEX.test(signature)) return false;
	const expected = createHmac('sha256', key).update(data).digest();
	return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
