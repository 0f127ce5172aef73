import type { Catalog } from '../../src/catalog/load-catalog.js';
import type { UsageRecordInput } from '../../src/store/store.js';
import { mulberry32 } from '../../src/store/testing/seeded-random.js';
import { computeCost } from '../../src/usage/compute-cost.js';

/**
 * Made-up but plausible usage for the screenshots: a small team's traffic over the past days, by several tags,
 * clients and models, with a few failures. Seeded, so every run draws the same history.
 */

type Mix = { provider: string; model: string; weight: number; input: [number, number]; output: [number, number] };

const MODELS: Mix[] = [
  { provider: 'openai', model: 'gpt-4o-mini', weight: 8, input: [200, 3_000], output: [40, 600] },
  { provider: 'openai', model: 'gpt-4.1', weight: 3, input: [1_000, 12_000], output: [200, 1_500] },
  { provider: 'anthropic', model: 'claude-sonnet-5-5', weight: 4, input: [2_000, 30_000], output: [300, 2_500] },
  { provider: 'anthropic', model: 'claude-haiku-5-5', weight: 3, input: [300, 4_000], output: [50, 800] },
  { provider: 'groq', model: 'llama-3.3-70b-versatile', weight: 5, input: [300, 5_000], output: [50, 900] },
  { provider: 'deepseek', model: 'deepseek-flash', weight: 3, input: [500, 8_000], output: [100, 1_200] },
  { provider: 'mistral', model: 'mistral-small-latest', weight: 2, input: [200, 2_000], output: [40, 500] },
  { provider: 'ollama', model: 'llama3.2:latest', weight: 3, input: [100, 2_000], output: [40, 700] },
];

const TAGS: { tags: string[]; weight: number }[] = [
  { tags: ['web-app'], weight: 9 },
  { tags: ['ci'], weight: 4 },
  { tags: ['research'], weight: 3 },
  { tags: ['batch:nightly'], weight: 2 },
  { tags: ['team/data', 'research'], weight: 2 },
  { tags: ['default'], weight: 2 },
];

const CLIENTS: { ip: string; host: string | null; agent: string; surface: UsageRecordInput['surface']; endpoint: string; weight: number }[] = [
  { ip: '10.1.0.21', host: 'devbox.lan', agent: 'OpenAI/JS 6.30.1', surface: 'openai', endpoint: '/v1/chat/completions', weight: 5 },
  { ip: '10.1.0.35', host: 'ci-runner-1.lan', agent: 'OpenAI/Python 2.8.0', surface: 'openai', endpoint: '/v1/chat/completions', weight: 3 },
  { ip: '10.1.0.40', host: 'open-webui.lan', agent: 'ollama-js/0.6.4 (x64 linux Node.js/v20.20.2)', surface: 'ollama', endpoint: '/api/chat', weight: 4 },
  { ip: '10.1.0.52', host: null, agent: 'anthropic-sdk-typescript/1.14.0', surface: 'anthropic', endpoint: '/v1/messages', weight: 2 },
];

function pick<T extends { weight: number }>(items: readonly T[], random: () => number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]!;
}

function between([low, high]: [number, number], random: () => number): number {
  return Math.round(low + (high - low) * random() ** 2);
}

/** Requests per hour of the day: quiet nights, a working-day hump. */
function hourlyRate(hour: number): number {
  return hour < 7 ? 1 : hour < 9 ? 4 : hour < 18 ? 9 : hour < 22 ? 4 : 2;
}

/** Records for the `days` whole days before `now`'s hour (today's earlier hours included), oldest first. */
export function buildUsageHistory(catalog: Catalog, now: number, days: number): UsageRecordInput[] {
  const random = mulberry32(20_260_301);
  const records: UsageRecordInput[] = [];
  const hourMs = 3_600_000;
  const firstHour = Math.floor(now / hourMs) * hourMs - days * 24 * hourMs;
  for (let start = firstHour; start < Math.floor(now / hourMs) * hourMs; start += hourMs) {
    const hour = new Date(start).getUTCHours();
    const weekend = [0, 6].includes(new Date(start).getUTCDay());
    const count = Math.round(hourlyRate(hour) * (weekend ? 0.4 : 1) * (0.5 + random()));
    for (let i = 0; i < count; i++) records.push(oneRecord(catalog, start + Math.floor(random() * hourMs), random));
  }
  return records;
}

function oneRecord(catalog: Catalog, time: number, random: () => number): UsageRecordInput {
  const model = pick(MODELS, random);
  const client = pick(CLIENTS, random);
  const failure = random() < 0.04 ? (random() < 0.5 ? { status: 429, kind: 'rate_limited' } : { status: 502, kind: 'upstream_error' }) : null;
  const stream = random() < 0.6;
  const inputTokens = failure ? null : between(model.input, random);
  const outputTokens = failure ? null : between(model.output, random);
  const cacheRead = inputTokens !== null && random() < 0.3 ? Math.round(inputTokens * 0.6) : null;
  const price = catalog.models.get(model.provider)?.find((spec) => spec.id === model.model)?.price;
  const cost = computeCost(price, failure ? undefined : {
    inputTokens: inputTokens ?? undefined,
    outputTokens: outputTokens ?? undefined,
    cacheReadTokens: cacheRead ?? undefined,
  });
  const latencyMs = failure ? 80 + Math.round(random() * 400) : 300 + Math.round(random() * 4_000 + (outputTokens ?? 0) * 2);
  return {
    time,
    surface: client.surface,
    endpoint: client.endpoint,
    requestedModel: model.model,
    provider: model.provider,
    upstreamModel: model.model,
    tags: pick(TAGS, random).tags,
    clientIp: client.ip,
    clientHost: client.host,
    userAgent: client.agent,
    stream,
    status: failure?.status ?? 200,
    errorKind: failure?.kind ?? null,
    inputTokens,
    outputTokens,
    reasoningTokens: null,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: null,
    latencyMs,
    ttftMs: stream && !failure ? 120 + Math.round(random() * 600) : null,
    costMicros: cost.costMicros,
    costSource: cost.costSource,
  };
}
