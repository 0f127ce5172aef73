import { z } from 'zod';
import type { AliasView } from './admin-api-types.js';
import type { AdminContext } from './admin-context.js';
import { AdminError } from './admin-error.js';
import { aliasEnabledInputSchema, aliasKeyQuerySchema, customAliasInputSchema } from './admin-request-schemas.js';
import { aliasViewSchema } from './admin-response-schemas.js';
import { afterWrite, findAlias, findModel } from './live-views.js';

/** Aliases: list, custom CRUD, enable/disable (system or custom). */
export function registerAliasRoutes({ router, deps }: AdminContext): void {
  const { store, control } = deps;

  router.add({
    method: 'GET',
    url: '/api/aliases',
    operationId: 'listAliases',
    summary: 'System and custom aliases',
    tag: 'aliases',
    auth: 'session',
    response: { status: 200, description: 'Aliases', schema: z.array(aliasViewSchema) },
    handler: async (): Promise<AliasView[]> => control.aliases(),
  });

  router.add({
    method: 'PUT',
    url: '/api/aliases/custom',
    operationId: 'putCustomAlias',
    summary: 'Create or replace a custom alias',
    tag: 'aliases',
    auth: 'session',
    body: customAliasInputSchema,
    response: { status: 200, description: 'The alias', schema: aliasViewSchema },
    handler: async ({ body }): Promise<AliasView> => {
      if (!findModel(control, body.provider, body.modelId)) {
        throw new AdminError('invalid_request', `invalid field 'modelId': no model '${body.modelId}' at provider '${body.provider}'`);
      }
      await store.upsertCustomAlias({ alias: body.alias, provider: body.provider, modelId: body.modelId, enabled: body.enabled ?? true });
      await control.reload();
      return afterWrite(findAlias(control, body.alias, body.provider, 'custom'), `alias '${body.alias}'`);
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/aliases/custom',
    operationId: 'deleteCustomAlias',
    summary: 'Delete a custom alias',
    tag: 'aliases',
    auth: 'session',
    query: aliasKeyQuerySchema,
    response: { status: 204, description: 'Deleted' },
    errors: [404],
    handler: async ({ query }) => {
      if (!(await store.deleteCustomAlias(query.alias))) throw new AdminError('not_found', `no custom alias '${query.alias}'`);
      await control.reload();
      return undefined;
    },
  });

  router.add({
    method: 'POST',
    url: '/api/aliases/enabled',
    operationId: 'setAliasEnabled',
    summary: 'Enable or disable an alias (system or custom)',
    tag: 'aliases',
    auth: 'session',
    body: aliasEnabledInputSchema,
    response: { status: 200, description: 'The alias after the change', schema: aliasViewSchema },
    errors: [404],
    handler: async ({ body }): Promise<AliasView> => {
      const view = findAlias(control, body.alias, body.provider, 'custom') ?? findAlias(control, body.alias, body.provider);
      if (!view) throw new AdminError('not_found', `no alias '${body.alias}' for provider '${body.provider}'`);
      if (view.source === 'custom') {
        await store.upsertCustomAlias({ alias: view.alias, provider: view.provider, modelId: view.modelId, enabled: body.enabled });
      } else {
        await store.setAliasOverride({ alias: view.alias, provider: view.provider, enabled: body.enabled });
      }
      await control.reload();
      return afterWrite(findAlias(control, view.alias, view.provider, view.source), `alias '${view.alias}'`);
    },
  });
}
