import { z } from 'zod';
import type { CustomProvider } from '../store/store.js';
import type { ProviderTestResult, ProviderView } from './admin-api-types.js';
import type { AdminContext } from './admin-context.js';
import type { ProxyControl } from './admin-deps.js';
import { AdminError } from './admin-error.js';
import { customProviderInputSchema, providerEnabledInputSchema, providerIdParamsSchema } from './admin-request-schemas.js';
import { providerTestResultSchema, providerViewSchema } from './admin-response-schemas.js';
import { afterWrite, findProvider, publicProviderView, requireProvider } from './live-views.js';

/** `https://host/v1/` and `https://host/v1` are the same base; providers append paths to it. */
function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Switchboard's own secrets: a custom provider must never be able to send them to a server of its choosing. */
const OWN_SECRET_ENV = /^(ADMIN_.*|DATABASE_URL|.*_FILE)$/i;

/**
 * A custom provider sends the value of its key variable to its own base URL. Refuse Switchboard's own secrets and
 * the key variables of built-in or config-file providers: otherwise a session (or a stolen one) could route the
 * OpenAI key to any server, though no answer ever shows a key.
 */
function checkKeyEnv(control: ProxyControl, name: string | null | undefined): void {
  if (name === null || name === undefined) return;
  if (OWN_SECRET_ENV.test(name)) throw new AdminError('invalid_request', `invalid field 'apiKeyEnv': ${name} is not a provider key variable`);
  const owner = control.providers().find((provider) => provider.source !== 'custom' && provider.apiKeyEnv?.toUpperCase() === name.toUpperCase());
  if (owner) {
    throw new AdminError('invalid_request', `invalid field 'apiKeyEnv': ${name} is the key of the provider '${owner.id}'; give the custom provider a variable of its own`);
  }
}

/** Providers: list, custom CRUD, enable/disable, test, refresh discovery. */
export function registerProviderRoutes({ router, deps }: AdminContext): void {
  const { store, control } = deps;

  async function storedCustomProvider(id: string): Promise<CustomProvider | undefined> {
    return (await store.loadConfig()).customProviders.find((provider) => provider.id === id);
  }
  async function reloadedView(id: string): Promise<ProviderView> {
    await control.reload();
    return publicProviderView(afterWrite(findProvider(control, id), `provider '${id}'`));
  }

  router.add({
    method: 'GET',
    url: '/api/providers',
    operationId: 'listProviders',
    summary: 'Every provider with its status (keys only as set / not set)',
    tag: 'providers',
    auth: 'session',
    response: { status: 200, description: 'Providers', schema: z.array(providerViewSchema) },
    handler: async (): Promise<ProviderView[]> => control.providers().map(publicProviderView),
  });

  router.add({
    method: 'POST',
    url: '/api/providers',
    operationId: 'createProvider',
    summary: 'Create a custom provider',
    tag: 'providers',
    auth: 'session',
    body: customProviderInputSchema,
    response: { status: 201, description: 'Created', schema: providerViewSchema },
    errors: [409],
    handler: async ({ body }): Promise<ProviderView> => {
      if (control.isReservedProviderId(body.id)) {
        throw new AdminError('reserved_id', `'${body.id}' is the id of a built-in or config-file provider: choose another`);
      }
      if (findProvider(control, body.id) || (await storedCustomProvider(body.id))) {
        throw new AdminError('conflict', `a provider '${body.id}' already exists`);
      }
      checkKeyEnv(control, body.apiKeyEnv);
      await store.upsertCustomProvider({
        id: body.id,
        type: body.type,
        displayName: body.displayName ?? body.id,
        baseUrl: normalizeBaseUrl(body.baseUrl),
        apiKeyEnv: body.apiKeyEnv ?? null,
        headers: body.headers ?? {},
        enabled: body.enabled ?? true,
      });
      return reloadedView(body.id);
    },
  });

  router.add({
    method: 'PUT',
    url: '/api/providers/:id',
    operationId: 'updateProvider',
    summary: 'Edit a custom provider (omitted headers keep their stored values)',
    tag: 'providers',
    auth: 'session',
    params: providerIdParamsSchema,
    body: customProviderInputSchema,
    response: { status: 200, description: 'Updated', schema: providerViewSchema },
    errors: [404, 409],
    handler: async ({ params, body }): Promise<ProviderView> => {
      if (body.id !== params.id) throw new AdminError('invalid_request', "invalid field 'id': must equal the id in the path (ids cannot change)");
      const existing = await storedCustomProvider(params.id);
      if (!existing) {
        if (findProvider(control, params.id)) throw new AdminError('conflict', `'${params.id}' is not a custom provider: only custom providers can be edited`);
        throw new AdminError('not_found', `no provider '${params.id}'`);
      }
      checkKeyEnv(control, body.apiKeyEnv);
      await store.upsertCustomProvider({
        id: existing.id,
        type: body.type,
        displayName: body.displayName ?? existing.displayName,
        baseUrl: normalizeBaseUrl(body.baseUrl),
        apiKeyEnv: body.apiKeyEnv === undefined ? existing.apiKeyEnv : body.apiKeyEnv,
        // Values are write-only, so a client that did not touch them cannot resend them: absent means keep.
        headers: body.headers ?? existing.headers,
        enabled: body.enabled ?? existing.enabled,
      });
      return reloadedView(existing.id);
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/providers/:id',
    operationId: 'deleteProvider',
    summary: 'Delete a custom provider',
    tag: 'providers',
    auth: 'session',
    params: providerIdParamsSchema,
    response: { status: 204, description: 'Deleted' },
    errors: [404, 409],
    handler: async ({ params }) => {
      if (!(await store.deleteCustomProvider(params.id))) {
        if (findProvider(control, params.id)) throw new AdminError('conflict', `'${params.id}' is not a custom provider: disable it instead`);
        throw new AdminError('not_found', `no custom provider '${params.id}'`);
      }
      await control.reload();
      return undefined;
    },
  });

  router.add({
    method: 'POST',
    url: '/api/providers/:id/enabled',
    operationId: 'setProviderEnabled',
    summary: 'Enable or disable any provider',
    tag: 'providers',
    auth: 'session',
    params: providerIdParamsSchema,
    body: providerEnabledInputSchema,
    response: { status: 200, description: 'The provider after the change', schema: providerViewSchema },
    errors: [404],
    handler: async ({ params, body }): Promise<ProviderView> => {
      const view = requireProvider(control, params.id);
      const custom = view.source === 'custom' ? await storedCustomProvider(params.id) : undefined;
      if (custom) await store.upsertCustomProvider({ ...custom, enabled: body.enabled });
      else await store.setProviderOverride({ id: params.id, enabled: body.enabled });
      return reloadedView(params.id);
    },
  });

  router.add({
    method: 'POST',
    url: '/api/providers/:id/test',
    operationId: 'testProvider',
    summary: 'Test the connection with a real upstream call',
    tag: 'providers',
    auth: 'session',
    params: providerIdParamsSchema,
    response: { status: 200, description: 'The outcome (also when the test failed: see `ok`)', schema: providerTestResultSchema },
    errors: [404],
    handler: async ({ params }): Promise<ProviderTestResult> => {
      requireProvider(control, params.id);
      return control.testProvider(params.id);
    },
  });

  router.add({
    method: 'POST',
    url: '/api/providers/:id/refresh',
    operationId: 'refreshProvider',
    summary: 'Re-run model discovery now (Ollama and other discovering providers)',
    tag: 'providers',
    auth: 'session',
    params: providerIdParamsSchema,
    response: { status: 200, description: 'The provider after discovery', schema: providerViewSchema },
    errors: [404, 409],
    handler: async ({ params }): Promise<ProviderView> => {
      const view = requireProvider(control, params.id);
      if (view.discovery === null) throw new AdminError('unsupported', `provider '${params.id}' does not discover its models`);
      await control.refreshProvider(params.id);
      return publicProviderView(requireProvider(control, params.id));
    },
  });
}
