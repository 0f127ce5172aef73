import { beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { ChatRequest } from '../core/chat-request.js';
import type { GatewayCall } from '../core/gateway.js';
import { ProxyError } from '../core/proxy-error.js';
import { ModelRegistry } from '../routing/model-registry.js';
import { RoutingGateway } from '../routing/routing-gateway.js';
import { collect } from '../../test/support/async-iterables.js';
import { ScriptedProvider } from './testing/scripted-provider.js';

const catalog = loadCatalog();

function chatRequest(model: string, stream = false): ChatRequest {
  return { model, stream, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] };
}

function call(): GatewayCall {
  return { signal: new AbortController().signal, trace: {} };
}

async function thrown(promise: Promise<unknown>): Promise<ProxyError> {
  try {
    await promise;
  } catch (error) {
    if (ProxyError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a ProxyError');
}

/** The real RoutingGateway and catalog: what the usage record learns from routing. */
describe('RoutingGateway request trace', () => {
  let provider: ScriptedProvider;
  let gateway: RoutingGateway;

  beforeEach(() => {
    provider = new ScriptedProvider('openai');
    gateway = new RoutingGateway(new ModelRegistry(catalog, new Set(['openai'])), new Map([['openai', provider]]));
  });

  it('notes provider, upstream model, price, stream flag and usage of a one-shot answer', async () => {
    const { trace } = call();
    await gateway.chat(chatRequest('gpt-4o'), { signal: new AbortController().signal, trace });
    expect(trace).toMatchObject({
      requestedModel: 'gpt-4o', provider: 'openai', upstreamModel: 'gpt-4o', stream: false,
      usage: { inputTokens: 10, outputTokens: 5 },
      price: { input: 2.5, output: 10, cachedInput: 1.25 },
    });
    expect(trace.tags).toBeUndefined();
  });

  it('notes the usage of the finish event and the first token of a stream, once it has been read', async () => {
    provider.events = [
      { type: 'start', id: 's', model: 'gpt-4o', created: 0 },
      { type: 'block-start', index: 0, block: { kind: 'text' } },
      { type: 'block-delta', index: 0, delta: 'Hi' },
      { type: 'block-end', index: 0 },
      { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 7, outputTokens: 1 } },
    ];
    const gatewayCall = call();
    const { events } = await gateway.chatStream(chatRequest('gpt-4o', true), gatewayCall);
    expect(gatewayCall.trace.stream).toBe(true);
    expect(gatewayCall.trace.usage).toBeUndefined();
    expect(await collect(events)).toEqual(provider.events);
    expect(gatewayCall.trace.usage).toEqual({ inputTokens: 7, outputTokens: 1 });
    expect(gatewayCall.trace.firstTokenAt).toBeTypeOf('number');
  });

  it('notes the input tokens of embeddings', async () => {
    const gatewayCall = call();
    await gateway.embed({ model: 'text-embedding-3-small', inputs: ['a', 'b'] }, gatewayCall);
    expect(gatewayCall.trace).toMatchObject({ stream: false, usage: { inputTokens: 10 }, price: { input: 0.02 } });
  });

  it('takes tags from the model suffix and always routes the bare name', async () => {
    const gatewayCall = call();
    await gateway.chat(chatRequest('gpt-4o:latest@team-a, ci,team-a'), gatewayCall);
    expect(gatewayCall.trace.tags).toEqual(['team-a', 'ci']);
    expect(provider.models).toEqual(['gpt-4o']);
  });

  it('treats an empty suffix as no tags', async () => {
    const gatewayCall = call();
    await gateway.chat(chatRequest('gpt-4o@'), gatewayCall);
    expect(gatewayCall.trace.tags).toBeUndefined();
    expect(provider.models).toEqual(['gpt-4o']);
  });

  it('rejects a bad suffix tag with a 400 naming it and the model field', async () => {
    const error = await thrown(gateway.chat(chatRequest('gpt-4o@good,b@d!'), call()));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, info: { param: 'model' } });
    expect(error.message).toContain("'b@d!'");
    expect(provider.models).toEqual([]);
  });

  it('leaves header tags alone and ignores the suffix (even a bad one) when a header won', async () => {
    const gatewayCall: GatewayCall = { signal: new AbortController().signal, trace: { tags: ['from-header'] } };
    await gateway.chat(chatRequest('gpt-4o@not valid'), gatewayCall);
    expect(gatewayCall.trace.tags).toEqual(['from-header']);
    expect(provider.models).toEqual(['gpt-4o']);
  });

  it('leaves price undefined for a passthrough model the catalog does not price', async () => {
    const gatewayCall = call();
    await gateway.chat(chatRequest('openai/some-future-model'), gatewayCall);
    expect(gatewayCall.trace).toMatchObject({ provider: 'openai', upstreamModel: 'some-future-model' });
    expect(gatewayCall.trace.price).toBeUndefined();
  });
});
