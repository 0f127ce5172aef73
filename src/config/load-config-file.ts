import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { ProviderDefinition } from '../catalog/catalog-schema.js';
import { configFileSchema, type ConfigFile } from './config-file-schema.js';

export const DEFAULT_CONFIG_FILE = 'switchboard.yaml';

export type LoadedConfigFile = { path: string | undefined; config: ConfigFile };

const EMPTY: ConfigFile = { providers: [], builtins: {} };

/** `a.b[2].c` from a zod issue path. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out === '' ? '(top level)' : out;
}

/**
 * Reads CONFIG_FILE (or ./switchboard.yaml when it exists). A bad file stops start-up with a message naming the
 * file, the path inside it and the problem.
 */
export function loadConfigFile(env: NodeJS.ProcessEnv, builtins: ProviderDefinition[], cwd = process.cwd()): LoadedConfigFile {
  const explicit = env.CONFIG_FILE?.trim();
  const path = resolve(cwd, explicit || DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit) throw new Error(`config file ${path}: not found (CONFIG_FILE=${explicit})`);
    return { path: undefined, config: EMPTY };
  }
  const document = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new Error(`config file ${path}: ${document.errors.map((error) => error.message).join('; ')}`);
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new Error(`config file ${path}: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  const builtinIds = new Set(builtins.map((provider) => provider.id));
  const seen = new Set<string>();
  config.providers.forEach((provider, index) => {
    if (builtinIds.has(provider.id)) {
      throw new Error(
        `config file ${path}: providers[${index}].id: '${provider.id}' is a built-in provider; change it under builtins.${provider.id} instead`,
      );
    }
    if (seen.has(provider.id)) throw new Error(`config file ${path}: providers[${index}].id: '${provider.id}' is declared twice`);
    seen.add(provider.id);
    if (provider.apiKeyEnv && provider.apiKeyFile) {
      throw new Error(`config file ${path}: providers[${index}]: set apiKeyEnv or apiKeyFile, not both`);
    }
  });
  for (const id of Object.keys(config.builtins)) {
    if (!builtinIds.has(id)) {
      throw new Error(`config file ${path}: builtins.${id}: no built-in provider '${id}' (known: ${[...builtinIds].join(', ')})`);
    }
  }
  return { path, config };
}
