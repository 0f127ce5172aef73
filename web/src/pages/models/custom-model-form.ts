import type { CustomModelInput, ModelView, Price } from '../../api/types.js';
import { numberText, parsePrice, parseWholeNumber } from '../../lib/number-input.js';

/** The add/edit custom model form and its mapping to CustomModelInput (PUT /api/models/custom). */
export type CustomModelForm = {
  provider: string;
  id: string;
  displayName: string;
  kind: 'chat' | 'embedding';
  contextLength: string;
  maxOutputTokens: string;
  capabilities: string[];
  input: string;
  output: string;
  cachedInput: string;
  description: string;
};

export type CustomModelFormErrors = Partial<Record<
  'provider' | 'id' | 'displayName' | 'contextLength' | 'maxOutputTokens' | 'input' | 'output' | 'cachedInput' | 'description',
  string
>>;

export type CustomModelResult = { ok: true; input: CustomModelInput } | { ok: false; errors: CustomModelFormErrors };

/** Printable ASCII without spaces; no `@`, which starts the tag suffix in a model name (as the API checks). */
const MODEL_ID_PATTERN = /^[\x21-\x3f\x41-\x7e]{1,200}$/;

export function emptyCustomModelForm(provider: string): CustomModelForm {
  return {
    provider, id: '', displayName: '', kind: 'chat', contextLength: '', maxOutputTokens: '', capabilities: ['completion'],
    input: '', output: '', cachedInput: '', description: '',
  };
}

export function customModelFormFrom(model: ModelView): CustomModelForm {
  const values = model.values;
  return {
    provider: model.provider,
    id: model.id,
    displayName: values.displayName === model.id ? '' : values.displayName,
    kind: model.kind,
    contextLength: numberText(values.contextLength),
    maxOutputTokens: numberText(values.maxOutputTokens ?? undefined),
    capabilities: [...values.capabilities],
    input: numberText(values.price?.input),
    output: numberText(values.price?.output),
    cachedInput: numberText(values.price?.cachedInput),
    description: values.description ?? '',
  };
}

export function toCustomModelInput(form: CustomModelForm): CustomModelResult {
  const errors: CustomModelFormErrors = {};
  if (form.provider === '') errors.provider = 'Choose a provider.';
  if (!MODEL_ID_PATTERN.test(form.id)) errors.id = 'The upstream model id: printable characters, no spaces or @.';
  if (form.displayName.trim().length > 200) errors.displayName = 'At most 200 characters.';
  if (form.description.length > 2000) errors.description = 'At most 2,000 characters.';

  const contextLength = parseWholeNumber(form.contextLength, 1, 100_000_000);
  if (!contextLength.ok) errors.contextLength = contextLength.message;
  else if (contextLength.value === undefined) errors.contextLength = 'Required: the context window in tokens.';
  const maxOutput = parseWholeNumber(form.maxOutputTokens, 1, 100_000_000);
  if (!maxOutput.ok) errors.maxOutputTokens = maxOutput.message;

  const input = parsePrice(form.input);
  const output = parsePrice(form.output);
  const cachedInput = parsePrice(form.cachedInput);
  if (!input.ok) errors.input = input.message;
  if (!output.ok) errors.output = output.message;
  if (!cachedInput.ok) errors.cachedInput = cachedInput.message;

  let price: Price | null = null;
  if (input.ok && output.ok && cachedInput.ok) {
    const anyPrice = input.value !== undefined || output.value !== undefined || cachedInput.value !== undefined;
    if (anyPrice && input.value === undefined) errors.input = 'Enter the input price too (or leave all prices empty).';
    if (anyPrice && output.value === undefined) errors.output = 'Enter the output price too (or leave all prices empty).';
    if (input.value !== undefined && output.value !== undefined) {
      price = { input: input.value, output: output.value };
      if (cachedInput.value !== undefined) price.cachedInput = cachedInput.value;
    }
  }

  if (Object.keys(errors).length > 0 || !contextLength.ok || contextLength.value === undefined || !maxOutput.ok) {
    return { ok: false, errors };
  }
  const result: CustomModelInput = {
    provider: form.provider,
    id: form.id,
    kind: form.kind,
    contextLength: contextLength.value,
    capabilities: [...form.capabilities],
    price,
    description: form.description.trim() === '' ? null : form.description.trim(),
  };
  const displayName = form.displayName.trim();
  if (displayName !== '') result.displayName = displayName;
  if (maxOutput.value !== undefined) result.maxOutputTokens = maxOutput.value;
  return { ok: true, input: result };
}
