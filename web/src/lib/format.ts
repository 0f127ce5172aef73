/**
 * Number and date formatting for the whole UI. Fixed to en-US so that numbers read the same for every admin
 * (and in screenshots and tests); dates use the browser's time zone.
 */

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** 1234567 → "1,234,567". */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** 1 → "1 model", 1234 → "1,234 models": a count with its noun, singular for exactly one. */
export function formatCount(value: number, one: string, many = `${one}s`): string {
  return `${integerFormat.format(value)} ${value === 1 ? one : many}`;
}

/** Token counts: null means "not reported", shown as a dash rather than 0. */
export function formatTokens(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integerFormat.format(value);
}

/** 128000 → "128K", 1048576 → "1M": for context lengths and chart axes. */
export function formatCompact(value: number): string {
  return compactFormat.format(value);
}

/**
 * Dollars with enough decimals to show fractions of a cent: $1,234.50, $0.50, $0.0123, $0.000123.
 * At least two decimals, about four significant digits below $1, never more than six (micro-dollar precision).
 */
export function formatUsd(dollars: number): string {
  if (!Number.isFinite(dollars)) return '—';
  const sign = dollars < 0 ? '-' : '';
  const abs = Math.abs(dollars);
  if (abs === 0) return '$0.00';
  if (abs >= 1) {
    return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
  const decimals = Math.min(6, Math.max(2, Math.ceil(-Math.log10(abs)) + 3));
  let text = abs.toFixed(decimals);
  // Drop trailing zeros past the cents: 0.01230 → 0.0123, 0.5000 → 0.50.
  const cents = text.indexOf('.') + 3;
  let end = text.length;
  while (end > cents && text[end - 1] === '0') end--;
  text = text.slice(0, end);
  if (Number(text) === 0) return `${sign === '-' ? '>-' : '<'}$0.000001`;
  return `${sign}$${text}`;
}

/** Costs are stored as integer micro-dollars (1 USD = 1,000,000). */
export function formatMicros(micros: number | null | undefined): string {
  return micros === null || micros === undefined ? '—' : formatUsd(micros / 1_000_000);
}

/** A price in USD per million tokens, as the catalog stores it. */
export function formatPrice(perMillion: number | null | undefined): string {
  return perMillion === null || perMillion === undefined ? '—' : formatUsd(perMillion);
}

export function formatLatency(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : `${integerFormat.format(Math.round(ms))} ms`;
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '0%';
  const percent = (part / whole) * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)}%`;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
const dateTimeShortFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
const utcDayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const hourFormat = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hour12: false });

const timeFormat = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dayFormat = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric' });

/** "14:05:09" local time. */
export function formatTime(epochMs: number): string {
  return timeFormat.format(epochMs);
}

/** "Tue, Mar 4" local date. */
export function formatDay(epochMs: number): string {
  return dayFormat.format(epochMs);
}

/** "Mar 4, 14:05:09" in local time. */
export function formatDateTime(epochMs: number): string {
  return dateTimeFormat.format(epochMs);
}

/** "Mar 4, 14:05": for refresh times. */
export function formatDateTimeShort(epochMs: number): string {
  return dateTimeShortFormat.format(epochMs);
}

/** Chart labels: hourly buckets in local time, daily buckets by their UTC date (the server buckets by UTC day). */
export function formatBucket(bucketStart: number, bucket: 'hour' | 'day', spansDays: boolean): string {
  if (bucket === 'day') return utcDayFormat.format(bucketStart);
  return spansDays ? dateTimeShortFormat.format(bucketStart) : hourFormat.format(bucketStart);
}

/** "3 minutes ago", for discovery refresh times. */
export function formatRelative(epochMs: number, now: number = Date.now()): string {
  const seconds = Math.round((now - epochMs) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}
