import { describe, expect, it } from 'vitest';
import { emptyAliasForm, toCustomAliasInput } from './alias-form.js';

describe('alias form', () => {
  it('maps a named alias pointing at a model', () => {
    expect(toCustomAliasInput({ ...emptyAliasForm(), alias: ' fast ', provider: 'groq', modelId: 'llama-3.1-8b-instant' })).toEqual({
      ok: true, input: { alias: 'fast', provider: 'groq', modelId: 'llama-3.1-8b-instant', enabled: true },
    });
  });

  it('needs a valid name and a target', () => {
    expect(toCustomAliasInput({ ...emptyAliasForm(), alias: 'x@tag' })).toMatchObject({
      ok: false, errors: { alias: expect.any(String), model: expect.any(String) },
    });
    expect(toCustomAliasInput({ ...emptyAliasForm(), alias: '-x', provider: 'p', modelId: 'm' })).toMatchObject({ ok: false });
  });
});
