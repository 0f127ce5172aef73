import type { CustomProviderInput, CustomProviderType, ProviderDialect, ProviderView } from '../../api/types.js';

/**
 * The custom-provider form: its state, checks that mirror the API's (so most mistakes are caught before a round
 * trip) and the mapping to CustomProviderInput. Header values are write-only: on edit the stored ones are kept
 * unless the admin chooses to replace them all.
 */
export type HeaderRow = { name: string; value: string };

export type ProviderForm = {
  type: CustomProviderType;
  id: string;
  displayName: string;
  baseUrl: string;
  apiKeyEnv: string;
  headers: HeaderRow[];
  /** On edit: false keeps the stored headers (the request omits `headers`). Always true on create. */
  replaceHeaders: boolean;
  enabled: boolean;
};

export type ProviderFormErrors = Partial<Record<'id' | 'displayName' | 'baseUrl' | 'apiKeyEnv' | 'headers', string>>;

export const PROVIDER_TYPES: { value: CustomProviderType; label: string; baseUrlExample: string }[] = [
  { value: 'openai-compatible', label: 'OpenAI-compatible', baseUrlExample: 'https://api.example.com/v1' },
  { value: 'anthropic-compatible', label: 'Anthropic-compatible', baseUrlExample: 'https://api.anthropic.com' },
  { value: 'ollama', label: 'Ollama', baseUrlExample: 'http://127.0.0.1:11434' },
];

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
const ENV_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** The proxy sets these itself (same list as the API's). */
const RESERVED_HEADERS = new Set([
  'host', 'content-length', 'content-type', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer',
  'proxy-connection', 'accept-encoding',
]);

export function typeOfDialect(dialect: ProviderDialect): CustomProviderType {
  switch (dialect) {
    case 'anthropic': return 'anthropic-compatible';
    case 'ollama': return 'ollama';
    case 'openai-compatible':
    case 'gemini':
      return 'openai-compatible';
    default: {
      const exhaustive: never = dialect;
      return exhaustive;
    }
  }
}

export function emptyProviderForm(): ProviderForm {
  return {
    type: 'openai-compatible', id: '', displayName: '', baseUrl: '', apiKeyEnv: '', headers: [], replaceHeaders: true, enabled: true,
  };
}

export function providerFormFrom(view: ProviderView): ProviderForm {
  return {
    type: typeOfDialect(view.dialect),
    id: view.id,
    displayName: view.displayName,
    baseUrl: view.baseUrl,
    apiKeyEnv: view.apiKeyEnv ?? '',
    headers: view.headerNames.map((name) => ({ name, value: '' })),
    replaceHeaders: view.headerNames.length === 0,
    enabled: view.enabled,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export function validateProviderForm(form: ProviderForm): ProviderFormErrors {
  const errors: ProviderFormErrors = {};
  if (!ID_PATTERN.test(form.id)) {
    errors.id = 'Lowercase letters, digits and dashes (1 to 40), not starting with a dash.';
  }
  if (form.displayName.trim().length > 100) errors.displayName = 'At most 100 characters.';
  if (!isHttpUrl(form.baseUrl.trim())) errors.baseUrl = 'An http:// or https:// URL, without a user name or password.';
  const env = form.apiKeyEnv.trim();
  if (env !== '' && !ENV_PATTERN.test(env)) {
    errors.apiKeyEnv = 'An environment variable name: letters, digits and underscores, not starting with a digit.';
  }
  if (form.replaceHeaders) {
    const seen = new Set<string>();
    for (const row of form.headers) {
      const name = row.name.trim();
      const lower = name.toLowerCase();
      if (!HEADER_NAME_PATTERN.test(name)) { errors.headers = `“${name}” is not a valid header name.`; break; }
      if (RESERVED_HEADERS.has(lower)) { errors.headers = `The proxy sets ${name} itself.`; break; }
      if (seen.has(lower)) { errors.headers = `${name} is listed twice.`; break; }
      if (row.value === '') { errors.headers = `Enter the value of ${name} (values are never shown again).`; break; }
      if (/[\r\n\0]/.test(row.value)) { errors.headers = `The value of ${name} cannot contain line breaks.`; break; }
      seen.add(lower);
    }
    if (!errors.headers && form.headers.length > 32) errors.headers = 'At most 32 headers.';
  }
  return errors;
}

export function toCustomProviderInput(form: ProviderForm, mode: 'create' | 'edit'): CustomProviderInput {
  const input: CustomProviderInput = {
    id: form.id,
    type: form.type,
    baseUrl: form.baseUrl.trim(),
    apiKeyEnv: form.apiKeyEnv.trim() === '' ? null : form.apiKeyEnv.trim(),
    enabled: form.enabled,
  };
  const displayName = form.displayName.trim();
  if (displayName !== '') input.displayName = displayName;
  // Omitted headers keep the stored ones on edit; on create an empty list is the same as none.
  if (form.replaceHeaders && (mode === 'edit' || form.headers.length > 0)) {
    input.headers = Object.fromEntries(form.headers.map((row) => [row.name.trim(), row.value]));
  }
  return input;
}
