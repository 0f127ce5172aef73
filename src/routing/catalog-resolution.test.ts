import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import { ModelRegistry } from './model-registry.js';
import { parseModelName } from './parse-model-name.js';

/** The shipped catalog, with every provider configured: every id, alias and listed name must resolve. */
describe('shipped catalog resolution', () => {
  const catalog = loadCatalog();
  const registry = new ModelRegistry(catalog, new Set(catalog.providers.map((provider) => provider.id)));

  it('resolves every alias to its own provider and model', () => {
    let checked = 0;
    for (const [provider, aliases] of catalog.aliases) {
      for (const [alias, id] of aliases) {
        const { spec } = registry.resolve(alias);
        expect({ alias, provider: spec.provider, id: spec.id }).toEqual({ alias, provider, id });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('resolves every listed name, with and without :latest and with @tags, to the listed model', () => {
    const listed = registry.list();
    expect(listed.length).toBeGreaterThan(40);
    for (const model of listed) {
      expect(registry.resolve(model.name).spec).toBe(model.spec);
      expect(registry.resolve(parseModelName(`${model.name}:latest@team,ci`).name).spec).toBe(model.spec);
    }
  });

  it('serves each model by provider prefix too', () => {
    for (const model of registry.list()) {
      expect(registry.resolve(`${model.spec.provider}/${model.spec.id}`).spec).toBe(model.spec);
    }
  });
});
