import type { ChatRequest, ReasoningEffort } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import type { OllamaWireThink } from './ollama-wire.js';

type ThinkLevel = Exclude<OllamaWireThink, boolean>;

/** Ollama's three levels; the canonical extremes fold onto the nearest one. */
const LEVEL_OF: Record<Exclude<ReasoningEffort, 'none'>, ThinkLevel> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

/**
 * Canonical reasoning → Ollama `think`. Levels are only understood by models that take them (gpt-oss; discovery
 * lists them in `reasoningEfforts`); any other thinking model gets `true`. `none` and `false` turn thinking off.
 * Undefined leaves `think` out, so Ollama applies its own default (thinking on for thinking models).
 */
export function encodeOllamaThink(reasoning: ChatRequest['reasoning'], model: ModelSpec): OllamaWireThink | undefined {
  if (reasoning === undefined || typeof reasoning === 'boolean') return reasoning;
  if (reasoning === 'none') return false;
  const level = LEVEL_OF[reasoning];
  return model.reasoningEfforts?.includes(level) ? level : true;
}
