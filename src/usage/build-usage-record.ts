import type { RequestTrace } from '../core/gateway.js';
import type { ErrorCode } from '../core/proxy-error.js';
import type { Surface, UsageRecordInput } from '../store/store.js';
import { computeCost } from './compute-cost.js';
import { recordTags } from './resolve-tags.js';

/** What the server knows about a request apart from its trace. */
export type RequestFacts = {
  /** Epoch ms when the request arrived. */
  time: number;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  surface: Surface;
  endpoint: string;
  clientIp: string;
  userAgent: string | null;
  /** The client asked for a stream (from the body), for requests that never reached the gateway. */
  streamRequested: boolean;
};

/** How the response ended, seen from the socket. */
export type ResponseOutcome = {
  /** The status we sent (or were about to send). */
  statusCode: number;
  /** We ended the response (`res.end`) before the connection closed; false when the client went away first. */
  finished: boolean;
  /** `performance.now()` when the response ended. */
  endedAt: number;
};

const MAX_USER_AGENT = 512;

/** A failure without a code of its own (a status set by hand): the closest code by status class. */
function errorKindOfStatus(status: number): ErrorCode | null {
  if (status >= 500) return 'internal';
  if (status >= 400) return 'invalid_request';
  return null;
}

/** `gpt-4o@team,ci` → `gpt-4o`: the tags are their own column, so the model string stays groupable. */
function withoutTagSuffix(model: string | undefined): string | null {
  if (model === undefined) return null;
  const at = model.indexOf('@');
  return at === -1 ? model : model.slice(0, at);
}

function countOrNull(count: number | undefined): number | null {
  return count === undefined ? null : count;
}

/**
 * The usage record of one request. An abandoned response is status 499 / `client_closed` with whatever usage had
 * passed by then, unless the trace knows a more precise reason (the server ended a failing stream itself).
 */
export function buildUsageRecord(facts: RequestFacts, trace: RequestTrace, outcome: ResponseOutcome, defaultTag: string): UsageRecordInput {
  let status = outcome.statusCode;
  let errorKind: ErrorCode | null;
  if (outcome.finished) {
    errorKind = trace.errorKind ?? errorKindOfStatus(status);
  } else {
    errorKind = trace.errorKind ?? 'client_closed';
    if (errorKind === 'client_closed') status = 499;
  }
  const usage = trace.usage;
  const cost = computeCost(trace.price, usage);
  const userAgent = facts.userAgent !== null && facts.userAgent.length > MAX_USER_AGENT ? facts.userAgent.slice(0, MAX_USER_AGENT) : facts.userAgent;
  return {
    time: facts.time,
    surface: facts.surface,
    endpoint: facts.endpoint,
    requestedModel: withoutTagSuffix(trace.requestedModel),
    provider: trace.provider ?? null,
    upstreamModel: trace.upstreamModel ?? null,
    tags: recordTags(trace.tags, defaultTag),
    clientIp: facts.clientIp,
    clientHost: null,
    userAgent,
    stream: trace.stream ?? facts.streamRequested,
    status,
    errorKind,
    inputTokens: countOrNull(usage?.inputTokens),
    outputTokens: countOrNull(usage?.outputTokens),
    reasoningTokens: countOrNull(usage?.reasoningTokens),
    cacheReadTokens: countOrNull(usage?.cacheReadTokens),
    cacheWriteTokens: countOrNull(usage?.cacheWriteTokens),
    latencyMs: Math.max(0, Math.round(outcome.endedAt - facts.startedAt)),
    ttftMs: trace.firstTokenAt === undefined ? null : Math.max(0, Math.round(trace.firstTokenAt - facts.startedAt)),
    costMicros: cost.costMicros,
    costSource: cost.costSource,
  };
}
