import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client headers an Anthropic upstream must see with the client's own body: only `anthropic-beta`, whose flags
 * switch on beta fields the body may carry (context management, 1M context…). Credentials and `anthropic-version`
 * never go on: the provider sends its own key and the version its requests are shaped for.
 */
export function readAnthropicForwardHeaders(headers: IncomingHttpHeaders): Record<string, string> | undefined {
  const raw = headers['anthropic-beta'];
  // A header sent twice arrives as an array; the API takes one comma-separated list.
  const flags = (Array.isArray(raw) ? raw : [raw ?? ''])
    .flatMap((value) => value.split(','))
    .map((flag) => flag.trim())
    .filter((flag) => flag !== '');
  return flags.length === 0 ? undefined : { 'anthropic-beta': [...new Set(flags)].join(',') };
}
