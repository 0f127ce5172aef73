/**
 * RFC 3339 in UTC with exactly nine fractional digits and `Z` (`2026-08-01T10:00:00.123000000Z`): OllamaKit parses
 * `created_at`/`modified_at` with a fixed nanosecond pattern.
 */
export function formatOllamaTimestamp(date: Date): string {
  const iso = date.toISOString(); // 2026-08-01T10:00:00.123Z
  return `${iso.slice(0, -1)}000000Z`;
}
