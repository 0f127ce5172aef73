import type { Settings } from './admin-api-types.js';
import type { ProxyControl } from './admin-deps.js';
import type { AdminContext } from './admin-context.js';
import { AdminError } from './admin-error.js';
import { settingsPatchSchema } from './admin-request-schemas.js';
import { settingsSchema } from './admin-response-schemas.js';

/** A default model must be something a client could ask for: a listed name, provider/id, or an alias. */
function isKnownModelName(control: ProxyControl, name: string): boolean {
  const slash = name.indexOf('/');
  if (slash > 0 && control.providers().some((provider) => provider.id === name.slice(0, slash))) return true;
  return (
    control.models().some((model) => model.name === name) || control.aliases().some((alias) => alias.alias === name)
  );
}

/** Settings: read and patch. */
export function registerSettingsRoutes({ router, deps }: AdminContext): void {
  const { store, control } = deps;

  router.add({
    method: 'GET',
    url: '/api/settings',
    operationId: 'getSettings',
    summary: 'Proxy settings',
    tag: 'settings',
    auth: 'session',
    response: { status: 200, description: 'Settings', schema: settingsSchema },
    handler: async (): Promise<Settings> => (await store.loadConfig()).settings,
  });

  router.add({
    method: 'PATCH',
    url: '/api/settings',
    operationId: 'patchSettings',
    summary: 'Change some settings (absent fields keep their value)',
    tag: 'settings',
    auth: 'session',
    body: settingsPatchSchema,
    response: { status: 200, description: 'Settings after the change', schema: settingsSchema },
    handler: async ({ body }): Promise<Settings> => {
      if (typeof body.defaultModel === 'string' && !isKnownModelName(control, body.defaultModel)) {
        throw new AdminError('invalid_request', `invalid field 'defaultModel': no model or alias '${body.defaultModel}'`);
      }
      const patch = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<Settings>;
      const settings = await store.updateSettings(patch);
      await control.reload();
      return settings;
    },
  });
}
