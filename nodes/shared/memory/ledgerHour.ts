import { hash } from 'crypto';

export const HOUR_MS = 60 * 60 * 1000;
/**
 * 64 bits of a key's SHA-256: among the ~21,000 keys a shop of 20,000 deliveries a day has within a 25-hour
 * horizon, a new key is taken for a known one with a chance of 21,000 / 2^64 (about 1 in 10^15).
 */
const DIGEST_BYTES = 8;
/** Seconds into the hour, rounded up: 0 to 3,600. */
const OFFSET_BYTES = 2;
const VERSION_BYTES = 8;

/**
 * A key as the ledger keeps it, in memory and in static data: its digest, as 8 one-byte ('binary', latin1) characters (one-shot
 * hashing into a string: a third of the cost of a `createHash` object).
 */
export function keyDigest(key: string): string {
	return hash('sha256', key, 'binary').slice(0, DIGEST_BYTES);
}

/** A time as records keep it: whole seconds, rounded up, so that a key is never forgotten early. */
export function recordTime(at: number): number {
	return Math.ceil(at / 1000) * 1000;
}

export function hourOf(at: number): number {
	return Math.floor(at / HOUR_MS);
}

export function recordBytes(versioned: boolean): number {
	return DIGEST_BYTES + OFFSET_BYTES + (versioned ? VERSION_BYTES : 0);
}

export interface LedgerRecord {
	digest: string;
	/** When the key was accepted (ms; kept as whole seconds, rounded up, so within the hour that rounding gives). */
	at: number;
	/** The version accepted (Kinguin's `updatedAt`); the acceptance time in a ledger without versions. */
	version: number;
}

/**
 * The records of the keys a ledger accepted in one hour (UTC), packed into bytes as they come: 8 bytes of
 * the key's digest, 2 of seconds into the hour, and 8 of the version (a float64) in a ledger with versions.
 * The hour is written into static data as one base64 string, encoded again only after a record was added, and
 * an hour older than the retention is dropped whole.
 */
export class LedgerHour {
	private bytes: Buffer;
	private used = 0;
	private encoded?: string;

	constructor(
		readonly hour: number,
		private readonly versioned: boolean,
	) {
		this.bytes = Buffer.alloc(recordBytes(versioned) * 64);
	}

	get count(): number {
		return this.used / recordBytes(this.versioned);
	}

	/** The hour's last moment a record can carry: a key of it is remembered until then plus the retention. */
	get end(): number {
		return (this.hour + 1) * HOUR_MS;
	}

	append({ digest, at, version }: LedgerRecord): void {
		const size = recordBytes(this.versioned);
		if (this.used + size > this.bytes.length) {
			const grown = Buffer.alloc(this.bytes.length * 2);
			this.bytes.copy(grown, 0, 0, this.used);
			this.bytes = grown;
		}
		this.bytes.write(digest, this.used, DIGEST_BYTES, 'latin1');
		this.bytes.writeUInt16BE((recordTime(at) - this.hour * HOUR_MS) / 1000, this.used + DIGEST_BYTES);
		if (this.versioned) this.bytes.writeDoubleBE(version, this.used + DIGEST_BYTES + OFFSET_BYTES);
		this.used += size;
		this.encoded = undefined;
	}

	toBase64(): string {
		this.encoded ??= this.bytes.toString('base64', 0, this.used);
		return this.encoded;
	}

	records(): LedgerRecord[] {
		return decodeRecords(this.hour, this.bytes.subarray(0, this.used), this.versioned);
	}
}

/** The records of `hour` in bytes written by LedgerHour; a truncated last record is ignored. */
export function decodeRecords(hour: number, bytes: Buffer, versioned: boolean): LedgerRecord[] {
	const size = recordBytes(versioned);
	const records: LedgerRecord[] = [];
	for (let offset = 0; offset + size <= bytes.length; offset += size) {
		const at = hour * HOUR_MS + bytes.readUInt16BE(offset + DIGEST_BYTES) * 1000;
		records.push({
			digest: bytes.toString('latin1', offset, offset + DIGEST_BYTES),
			at,
			version: versioned ? bytes.readDoubleBE(offset + DIGEST_BYTES + OFFSET_BYTES) : at,
		});
	}
	return records;
}
