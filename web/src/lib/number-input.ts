/**
 * Parsing of the number fields in forms. Inputs are text (type=number loses what was typed when it is not a
 * number), so the form can say what is wrong instead of silently sending nothing.
 */
export type Parsed = { ok: true; value: number | undefined } | { ok: false; message: string };

/** A price in USD per million tokens; empty = undefined. */
export function parsePrice(text: string): Parsed {
  const trimmed = text.trim().replace(/^\$/, '');
  if (trimmed === '') return { ok: true, value: undefined };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return { ok: false, message: 'A price of 0 or more, in dollars.' };
  if (value > 1_000_000) return { ok: false, message: 'At most $1,000,000 per million tokens.' };
  return { ok: true, value };
}

/** A whole number within [min, max]; thousands separators are accepted; empty = undefined. */
export function parseWholeNumber(text: string, min: number, max: number): Parsed {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: undefined };
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: 'A whole number.' };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, message: `Between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}.` };
  return { ok: true, value };
}

export function numberText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
