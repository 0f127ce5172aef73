import type { ModelOverrideInput, ModelView, Price } from '../../api/types.js';
import { numberText, parsePrice, parseWholeNumber } from '../../lib/number-input.js';

/**
 * The Override dialog's form. Empty fields keep the system value. A price override is a whole Price, so a field
 * left empty next to one that is filled takes the system price for it.
 */
export type OverrideForm = {
  input: string;
  output: string;
  cachedInput: string;
  contextLength: string;
  overrideCapabilities: boolean;
  capabilities: string[];
  description: string;
};

export type OverrideFormErrors = Partial<Record<'input' | 'output' | 'cachedInput' | 'contextLength', string>>;

export type OverrideResult =
  | { kind: 'invalid'; errors: OverrideFormErrors }
  /** Nothing is overridden: the dialog clears the override instead of saving an empty one. */
  | { kind: 'empty' }
  | { kind: 'override'; input: ModelOverrideInput };

export function overrideFormFrom(model: ModelView): OverrideForm {
  const override = model.override;
  return {
    input: numberText(override?.price?.input),
    output: numberText(override?.price?.output),
    cachedInput: numberText(override?.price?.cachedInput),
    contextLength: numberText(override?.contextLength),
    overrideCapabilities: override?.capabilities !== undefined,
    capabilities: override?.capabilities ?? model.systemValues.capabilities,
    description: override?.description ?? '',
  };
}

export function toOverrideInput(form: OverrideForm, model: ModelView): OverrideResult {
  const errors: OverrideFormErrors = {};
  const input = parsePrice(form.input);
  const output = parsePrice(form.output);
  const cachedInput = parsePrice(form.cachedInput);
  const contextLength = parseWholeNumber(form.contextLength, 1, 100_000_000);
  if (!input.ok) errors.input = input.message;
  if (!output.ok) errors.output = output.message;
  if (!cachedInput.ok) errors.cachedInput = cachedInput.message;
  if (!contextLength.ok) errors.contextLength = contextLength.message;
  if (!input.ok || !output.ok || !cachedInput.ok || !contextLength.ok) return { kind: 'invalid', errors };

  const result: ModelOverrideInput = { provider: model.provider, modelId: model.id };
  const system = model.systemValues.price;
  if (input.value !== undefined || output.value !== undefined || cachedInput.value !== undefined) {
    const inputPrice = input.value ?? system?.input;
    const outputPrice = output.value ?? system?.output;
    if (inputPrice === undefined) errors.input = 'This model has no system price: enter the input price too.';
    if (outputPrice === undefined) errors.output = 'This model has no system price: enter the output price too.';
    if (inputPrice === undefined || outputPrice === undefined) return { kind: 'invalid', errors };
    const price: Price = { input: inputPrice, output: outputPrice };
    const cached = cachedInput.value ?? system?.cachedInput;
    if (cached !== undefined) price.cachedInput = cached;
    if (system?.cacheWrite !== undefined) price.cacheWrite = system.cacheWrite;
    result.price = price;
  }
  if (contextLength.value !== undefined) result.contextLength = contextLength.value;
  if (form.overrideCapabilities) result.capabilities = [...form.capabilities];
  const description = form.description.trim();
  if (description !== '') result.description = description;

  const overridden = result.price !== undefined || result.contextLength !== undefined
    || result.capabilities !== undefined || result.description !== undefined;
  return overridden ? { kind: 'override', input: result } : { kind: 'empty' };
}
