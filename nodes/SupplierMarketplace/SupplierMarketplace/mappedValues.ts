import type { BodyResult } from '../../shared/inbound/body';

/**
 * Values mapped by expressions arrive as the earlier node holds them: an id from a sheet as a number, a
 * count from a CSV as text. They are converted where nothing is lost (12345 → "12345", "2" → 2) and
 * refused, naming the field, where something would be ("2.5" for a count).
 */

type Converted = { value: unknown } | { refused: string };
type Rules = Record<string, (value: unknown) => Converted>;

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

function asText(value: unknown): Converted {
	if (typeof value !== 'number') return { value };
	if (!Number.isFinite(value)) return { refused: `${value} is not a value that can be sent` };
	// Beyond 2^53 the number an earlier node holds may already differ from the one in its source
	if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { refused: `${value} is too large to be exact: map it as text` };
	return { value: String(value) };
}

function asNumber(value: unknown, whole: boolean): Converted {
	const number = typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value.trim()) : value;
	if (typeof number !== 'number') {
		return typeof value === 'string' ? { refused: `${JSON.stringify(value)} is not a number` } : { value };
	}
	if (whole && !Number.isSafeInteger(number)) return { refused: `${JSON.stringify(value)} is not a whole number` };
	return { value: number };
}

const asWholeNumber = (value: unknown) => asNumber(value, true);

const UPDATE_FIELDS: Rules = { supplierProductId: asText, newPrice: (value) => asNumber(value, false) };
const SIZE_FIELDS: Rules = { value: asText, count: asWholeNumber, soldCount: asWholeNumber, sizeId: asWholeNumber };

/** The object with each field converted by its rule; an empty field is left out, for the schema to require or not. */
function converted(object: Record<string, unknown>, rules: Rules, at: string): BodyResult<Record<string, unknown>> {
	const value: Record<string, unknown> = {};
	for (const [field, raw] of Object.entries(object)) {
		if (raw === undefined || raw === null || raw === '') continue;
		const outcome = rules[field]?.(raw) ?? { value: raw };
		if ('refused' in outcome) return { ok: false, reason: `${at}${field}: ${outcome.refused}` };
		value[field] = outcome.value;
	}
	return { ok: true, value };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The update with its mapped values converted, or the first refusal in validatePayload's form (`sizes.0.count: …`). */
export function convertMappedValues(update: Record<string, unknown>): BodyResult<Record<string, unknown>> {
	const { sizes, ...fields } = update;
	const top = converted(fields, UPDATE_FIELDS, '');
	if (!top.ok || !Array.isArray(sizes)) return top.ok ? { ok: true, value: { ...top.value, sizes } } : top;
	const lines: unknown[] = [];
	for (const [index, size] of sizes.entries()) {
		const line = isRecord(size) ? converted(size, SIZE_FIELDS, `sizes.${index}.`) : { ok: true as const, value: size };
		if (!line.ok) return line;
		lines.push(line.value);
	}
	return { ok: true, value: { ...top.value, sizes: lines } };
}
