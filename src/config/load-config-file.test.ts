import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import { loadConfigFile } from './load-config-file.js';

const builtins = loadCatalog().providers;

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
  const path = join(dir, 'switchboard.yaml');
  writeFileSync(path, text);
  return path;
}

describe('loadConfigFile', () => {
  it('accepts the commented example shipped in the repo', () => {
    const { config } = loadConfigFile({ CONFIG_FILE: 'switchboard.example.yaml' }, builtins);
    expect(config.providers.map((provider) => provider.id)).toEqual(['my-vllm', 'ollama-gpu', 'my-claude-gateway']);
    expect(config.providers[0]?.models[0]).toMatchObject({ id: 'Qwen/Qwen3-32B', contextLength: 32768, aliases: ['qwen3'] });
    expect(config.builtins.openai?.aliases).toEqual({ support: 'ft:gpt-4o-mini:acme:support:abc123' });
  });

  it('is optional: no CONFIG_FILE and no ./switchboard.yaml means an empty config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
    expect(loadConfigFile({}, builtins, dir)).toEqual({ path: undefined, config: { providers: [], builtins: {} } });
  });

  it('fails when CONFIG_FILE names a missing file', () => {
    expect(() => loadConfigFile({ CONFIG_FILE: '/nonexistent/sb.yaml' }, builtins)).toThrow(/config file \/nonexistent\/sb.yaml: not found/);
  });

  it('names the file, the path inside it and the problem', () => {
    const path = writeConfig('providers:\n  - id: Bad_Id\n    type: openai-compatible\n    baseUrl: not-a-url\n');
    let message = '';
    try {
      loadConfigFile({ CONFIG_FILE: path }, builtins);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`config file ${path}`);
    expect(message).toContain('providers[0].id: must be lower-case');
    expect(message).toContain('providers[0].baseUrl: must be an http:// or https:// URL');
  });

  it('rejects unknown keys, YAML syntax errors, built-in ids and unknown builtins', () => {
    expect(() => loadConfigFile({ CONFIG_FILE: writeConfig('provider: []\n') }, builtins)).toThrow(/provider/);
    expect(() => loadConfigFile({ CONFIG_FILE: writeConfig('providers: [\n') }, builtins)).toThrow(/config file .*switchboard.yaml/);
    expect(() =>
      loadConfigFile({ CONFIG_FILE: writeConfig('providers:\n  - id: openai\n    type: openai-compatible\n    baseUrl: http://x\n') }, builtins),
    ).toThrow(/providers\[0\]\.id: 'openai' is a built-in provider/);
    expect(() => loadConfigFile({ CONFIG_FILE: writeConfig('builtins:\n  nope: {}\n') }, builtins)).toThrow(/builtins.nope: no built-in provider/);
  });
});
