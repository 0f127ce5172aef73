import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { ModelPrice } from '../core/model-info.js';

/** OpenRouter's vendor prefixes → our provider ids. Its own ids are used as-is for the `openrouter` provider. */
const VENDOR_PROVIDER: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  'x-ai': 'xai',
  mistralai: 'mistral',
  deepseek: 'deepseek',
  perplexity: 'perplexity',
};

type WireModel = { id?: unknown; pricing?: Record<string, unknown> };

/** USD per token as a decimal string → USD per million tokens; undefined when absent or not a price. */
function perMillion(value: unknown): number | undefined {
  const number = typeof value === 'string' || typeof value === 'number' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number < 0) return undefined;
  return Math.round(number * 1e6 * 1e6) / 1e6;
}

/** `claude-sonnet-4.5` and `claude-sonnet-4-5` are the same model; OpenRouter uses dots where vendors use dashes. */
const normalise = (id: string): string => id.toLowerCase().replace(/\./g, '-');

/**
 * Prices from OpenRouter's public model list (`GET /api/v1/models`, no key needed), keyed `provider\u0000modelId`
 * for the catalog models they match. Shipped catalog prices stay in use for everything else.
 */
export function parseOpenRouterPrices(body: unknown, known: ReadonlyMap<string, readonly string[]>): Map<string, ModelPrice> {
  const prices = new Map<string, ModelPrice>();
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return prices;
  const checkedAt = new Date().toISOString().slice(0, 10);
  const lookup = new Map<string, Map<string, string>>();
  for (const [provider, ids] of known) lookup.set(provider, new Map(ids.map((id) => [normalise(id), id])));
  for (const model of data as WireModel[]) {
    if (typeof model.id !== 'string' || !model.pricing) continue;
    const input = perMillion(model.pricing.prompt);
    const output = perMillion(model.pricing.completion);
    if (input === undefined || output === undefined) continue;
    const price: ModelPrice = { input, output, source: 'openrouter.ai/api/v1/models', checkedAt };
    const cachedInput = perMillion(model.pricing.input_cache_read);
    const cacheWrite = perMillion(model.pricing.input_cache_write);
    if (cachedInput !== undefined && cachedInput > 0) price.cachedInput = cachedInput;
    if (cacheWrite !== undefined && cacheWrite > 0) price.cacheWrite = cacheWrite;
    const openrouterId = lookup.get('openrouter')?.get(normalise(model.id));
    if (openrouterId) prices.set(`openrouter\u0000${openrouterId}`, price);
    const slash = model.id.indexOf('/');
    const provider = slash > 0 ? VENDOR_PROVIDER[model.id.slice(0, slash)] : undefined;
    const vendorId = provider ? lookup.get(provider)?.get(normalise(model.id.slice(slash + 1))) : undefined;
    if (provider && vendorId) prices.set(`${provider}\u0000${vendorId}`, price);
  }
  return prices;
}

export async function fetchOpenRouterPrices(
  url: string,
  known: ReadonlyMap<string, readonly string[]>,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<Map<string, ModelPrice>> {
  const response = await request(url, { method: 'GET', headers: { accept: 'application/json' }, dispatcher, signal });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`price refresh: ${url} answered HTTP ${response.statusCode}`);
  }
  return parseOpenRouterPrices(await response.body.json(), known);
}
