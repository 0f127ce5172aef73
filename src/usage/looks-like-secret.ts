import { TAG_MAX_LENGTH } from './tag-syntax.js';

/**
 * Prefixes of API keys and tokens that clients put in `Authorization: Bearer` (many send their provider key to any
 * OpenAI-compatible base URL). `sk-` also covers Anthropic `sk-ant-` and OpenRouter `sk-or-`; they are listed for
 * the record.
 */
const SECRET_PREFIXES = [
  'sk-', 'sk_', 'sk-ant-', 'sk-or-', 'gsk_', 'xai-', 'pplx-', 'AIza', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_',
  'github_pat_', 'hf_', 'r8_', 'glpat-', 'xoxb-', 'xoxp-', 'AKIA', 'eyJ',
];

/** A run of 24+ letters and digits mixing both: random key material, not a name someone picked. */
const RANDOM_RUN = /[A-Za-z0-9]{24,}/g;

function hasRandomRun(part: string): boolean {
  for (const [run] of part.matchAll(RANDOM_RUN)) {
    if (/[0-9]/.test(run) && /[A-Za-z]/.test(run)) return true;
  }
  return false;
}

/**
 * True when a bearer value part is more likely a credential than a tag: a known key prefix, a JWT (`eyJ…`), longer
 * than any tag may be, base64 padding, or a long random-looking run. Such a value is never used as a tag, stored or
 * logged: the caller falls through to the next tag source.
 */
export function looksLikeSecret(part: string): boolean {
  if (part.length > TAG_MAX_LENGTH) return true;
  for (const prefix of SECRET_PREFIXES) if (part.startsWith(prefix)) return true;
  if (part.endsWith('=')) return true;
  return hasRandomRun(part);
}
