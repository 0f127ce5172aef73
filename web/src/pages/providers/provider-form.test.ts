import { describe, expect, it } from 'vitest';
import type { ProviderView } from '../../api/types.js';
import { emptyProviderForm, providerFormFrom, toCustomProviderInput, validateProviderForm } from './provider-form.js';

const view: ProviderView = {
  id: 'gateway', displayName: 'Gateway', dialect: 'anthropic', source: 'custom', baseUrl: 'https://gw.example/v1',
  apiKeyEnv: 'GW_KEY', keySet: true, enabled: false, status: 'disabled', statusDetail: null, headerNames: ['X-Org'],
  modelCount: 0, aliasCount: 0, discovery: null,
};

describe('provider form', () => {
  it('creates with trimmed values, no key variable as null and headers only when given', () => {
    const form = { ...emptyProviderForm(), id: 'local-vllm', baseUrl: ' http://127.0.0.1:8000/v1 ', displayName: '  ' };
    expect(validateProviderForm(form)).toEqual({});
    expect(toCustomProviderInput(form, 'create')).toEqual({
      id: 'local-vllm', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: null, enabled: true,
    });
  });

  it('keeps stored header values on edit unless the admin replaces them', () => {
    const form = providerFormFrom(view);
    expect(form).toMatchObject({ type: 'anthropic-compatible', replaceHeaders: false, enabled: false });
    expect(toCustomProviderInput(form, 'edit')).not.toHaveProperty('headers');
    const replaced = { ...form, replaceHeaders: true, headers: [{ name: 'X-Org', value: 'acme' }] };
    expect(toCustomProviderInput(replaced, 'edit').headers).toEqual({ 'X-Org': 'acme' });
    expect(toCustomProviderInput({ ...form, replaceHeaders: true, headers: [] }, 'edit').headers).toEqual({});
  });

  it('checks the id, URL, key variable and headers like the API does', () => {
    const errors = validateProviderForm({
      ...emptyProviderForm(), id: '-Bad', baseUrl: 'ftp://x', apiKeyEnv: '1KEY', headers: [{ name: 'Host', value: 'x' }],
    });
    expect(Object.keys(errors).sort()).toEqual(['apiKeyEnv', 'baseUrl', 'headers', 'id']);
    expect(validateProviderForm({ ...emptyProviderForm(), id: 'ok', baseUrl: 'https://user:pw@x.example' }).baseUrl).toBeDefined();
    expect(validateProviderForm({ ...emptyProviderForm(), id: 'ok', baseUrl: 'https://x.example', headers: [{ name: 'X-A', value: '' }] }).headers)
      .toContain('Enter the value');
  });
});
