import type { ChatRequest, ContentPart, Message, ToolChoice } from '../../core/chat-request.js';
import type { DroppableParam, ModelSpec } from '../../core/model-info.js';
import { clampEffort } from './quirks/clamp-effort.js';
import type { OpenAICompatibleQuirks, OutgoingMessage } from './quirks/quirks-types.js';

/** Passthrough fields that map to a droppable canonical param, so catalog flags also filter them. */
const PASSTHROUGH_PARAM: Record<string, DroppableParam> = {
  logprobs: 'logprobs',
  top_logprobs: 'logprobs',
  logit_bias: 'logitBias',
  top_k: 'topK',
};

function encodeParts(parts: ContentPart[]): string | Array<Record<string, unknown>> {
  if (parts.every((part) => part.type === 'text')) {
    return parts.length === 1 ? (parts[0] as { text: string }).text : parts.map((part) => ({ type: 'text', text: (part as { text: string }).text }));
  }
  return parts.map((part) => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    const url = part.source === 'url' ? part.url : `data:${part.mediaType};base64,${part.data}`;
    return { type: 'image_url', image_url: { url } };
  });
}

function encodeMessage(message: Message, model: ModelSpec): OutgoingMessage {
  switch (message.role) {
    case 'system':
      return { role: model.systemRole ?? 'system', content: message.content };
    case 'user':
      return { role: 'user', content: encodeParts(message.content) };
    case 'assistant': {
      const out: OutgoingMessage = { role: 'assistant', content: message.content };
      if (message.toolCalls?.length) {
        if (message.content === '') out.content = null;
        out.tool_calls = message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.argumentsJson },
        }));
      }
      if (message.reasoning !== undefined) out.reasoning_content = message.reasoning;
      return out;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
    default: {
      const exhaustive: never = message;
      throw new Error(`unknown role in ${JSON.stringify(exhaustive)}`);
    }
  }
}

function encodeToolChoice(choice: ToolChoice, quirks: OpenAICompatibleQuirks): unknown {
  if (choice === 'required') return quirks.requiredToolChoice;
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

/** Canonical request → `{base}/chat/completions` body for one vendor and model. */
export function encodeOpenAICompatibleRequest(
  request: ChatRequest,
  model: ModelSpec,
  quirks: OpenAICompatibleQuirks,
): Record<string, unknown> {
  const drop = new Set(model.unsupportedParams ?? []);
  let messages = request.messages.map((message) => encodeMessage(message, model));
  // reasoning_content is only meaningful to vendors that define a rule for it; strict ones 422 on it.
  if (!quirks.reasoningContentInHistory) messages = messages.map(({ reasoning_content: _omit, ...rest }) => rest);
  if (quirks.finishMessages) messages = quirks.finishMessages(messages);

  const body: Record<string, unknown> = { model: model.id, messages };
  if (request.stream) {
    body.stream = true;
    if (quirks.streamOptions) body.stream_options = { include_usage: true };
  }
  if (request.maxTokens !== undefined) body[quirks.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined && !drop.has('temperature')) body.temperature = request.temperature;
  if (request.topP !== undefined && !drop.has('topP')) body.top_p = request.topP;
  if (request.stop?.length && !drop.has('stop')) body.stop = request.stop;
  if (request.seed !== undefined && !drop.has('seed')) body[quirks.seedField] = request.seed;
  if (request.presencePenalty !== undefined && !drop.has('presencePenalty')) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined && !drop.has('frequencyPenalty')) body.frequency_penalty = request.frequencyPenalty;
  if (request.user !== undefined && quirks.sendUser) body.user = request.user;

  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    }));
    if (request.toolChoice !== undefined) body.tool_choice = encodeToolChoice(request.toolChoice, quirks);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }

  const format = request.responseFormat;
  if (format?.type === 'json') body.response_format = { type: 'json_object' };
  else if (format?.type === 'json-schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        name: format.name ?? 'response',
        schema: format.schema,
        ...(format.strict === undefined ? {} : { strict: format.strict }),
      },
    };
  }

  if (quirks.encodeReasoning) quirks.encodeReasoning(request, model, body);
  else if (model.reasoningEfforts?.length && request.reasoning !== undefined && request.reasoning !== true) {
    const asked = request.reasoning === false ? 'none' : request.reasoning;
    // Turning reasoning off is only possible where the model accepts "none"; otherwise leave its default.
    if (asked !== 'none' || model.reasoningEfforts.includes('none')) {
      body.reasoning_effort = clampEffort(asked, model.reasoningEfforts);
    }
  }

  if (request.passthrough) {
    for (const [key, value] of Object.entries(request.passthrough)) {
      if (key in body) continue;
      if (quirks.passthroughAllowed !== 'all' && !quirks.passthroughAllowed.has(key)) continue;
      const param = PASSTHROUGH_PARAM[key];
      if (param !== undefined && drop.has(param)) continue;
      body[key] = value;
    }
  }
  return body;
}
