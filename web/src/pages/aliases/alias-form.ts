import type { AliasView, CustomAliasInput } from '../../api/types.js';

/** The add/edit alias form and its checks (the same rule as the API: letters, digits and ._:/-). */
export type AliasForm = { alias: string; provider: string; modelId: string; enabled: boolean };
export type AliasFormErrors = Partial<Record<'alias' | 'model', string>>;

const ALIAS_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

export function emptyAliasForm(): AliasForm {
  return { alias: '', provider: '', modelId: '', enabled: true };
}

export function aliasFormFrom(view: AliasView): AliasForm {
  return { alias: view.alias, provider: view.provider, modelId: view.modelId, enabled: view.enabled };
}

export function toCustomAliasInput(form: AliasForm): { ok: true; input: CustomAliasInput } | { ok: false; errors: AliasFormErrors } {
  const errors: AliasFormErrors = {};
  const alias = form.alias.trim();
  if (!ALIAS_PATTERN.test(alias)) {
    errors.alias = 'Letters, digits and . _ : / - (up to 128), starting with a letter or digit.';
  } else if (alias.includes('@')) {
    errors.alias = 'No @: it starts the tag suffix in a model name.';
  }
  if (form.provider === '' || form.modelId === '') errors.model = 'Choose the model this alias points to.';
  if (errors.alias || errors.model) return { ok: false, errors };
  return { ok: true, input: { alias, provider: form.provider, modelId: form.modelId, enabled: form.enabled } };
}
