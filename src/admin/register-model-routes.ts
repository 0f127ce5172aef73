import { z } from 'zod';
import type { ModelOverride } from '../store/store.js';
import type { ModelView } from './admin-api-types.js';
import type { AdminContext } from './admin-context.js';
import { AdminError } from './admin-error.js';
import {
  customModelInputSchema, modelEnabledInputSchema, modelKeyQuerySchema, modelOverrideInputSchema,
} from './admin-request-schemas.js';
import { modelViewSchema } from './admin-response-schemas.js';
import { afterWrite, findModel, findProvider, requireModel } from './live-views.js';

/** Models: list, custom CRUD, overrides, enable/disable. */
export function registerModelRoutes({ router, deps }: AdminContext): void {
  const { store, control } = deps;

  async function reloadedView(provider: string, modelId: string): Promise<ModelView> {
    await control.reload();
    return afterWrite(findModel(control, provider, modelId), `model '${provider}/${modelId}'`);
  }

  router.add({
    method: 'GET',
    url: '/api/models',
    operationId: 'listModels',
    summary: 'Every model (system, discovered, custom) with effective and system values',
    tag: 'models',
    auth: 'session',
    response: { status: 200, description: 'Models', schema: z.array(modelViewSchema) },
    handler: async (): Promise<ModelView[]> => control.models(),
  });

  router.add({
    method: 'PUT',
    url: '/api/models/custom',
    operationId: 'putCustomModel',
    summary: 'Create or replace a custom model',
    tag: 'models',
    auth: 'session',
    body: customModelInputSchema,
    response: { status: 200, description: 'The model', schema: modelViewSchema },
    errors: [409],
    handler: async ({ body }): Promise<ModelView> => {
      if (!findProvider(control, body.provider)) throw new AdminError('invalid_request', `invalid field 'provider': no provider '${body.provider}'`);
      const existing = findModel(control, body.provider, body.id);
      if (existing && existing.source !== 'custom') {
        throw new AdminError('conflict', `'${body.provider}/${body.id}' is a ${existing.source} model: set an override instead`);
      }
      const kind = body.kind ?? (body.capabilities?.includes('embedding') ? 'embedding' : 'chat');
      await store.upsertCustomModel({
        provider: body.provider,
        id: body.id,
        displayName: body.displayName ?? body.id,
        kind,
        contextLength: body.contextLength,
        maxOutputTokens: body.maxOutputTokens ?? null,
        capabilities: body.capabilities ?? [kind === 'embedding' ? 'embedding' : 'completion'],
        price: body.price ?? null,
        description: body.description ?? null,
      });
      return reloadedView(body.provider, body.id);
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/models/custom',
    operationId: 'deleteCustomModel',
    summary: 'Delete a custom model',
    tag: 'models',
    auth: 'session',
    query: modelKeyQuerySchema,
    response: { status: 204, description: 'Deleted' },
    errors: [404],
    handler: async ({ query }) => {
      if (!(await store.deleteCustomModel(query.provider, query.model))) {
        throw new AdminError('not_found', `no custom model '${query.model}' at provider '${query.provider}'`);
      }
      await control.reload();
      return undefined;
    },
  });

  router.add({
    method: 'PUT',
    url: '/api/models/override',
    operationId: 'putModelOverride',
    summary: "Set a model's override (replaces any previous override; enabled state is kept)",
    tag: 'models',
    auth: 'session',
    body: modelOverrideInputSchema,
    response: { status: 200, description: 'The model with the override applied', schema: modelViewSchema },
    errors: [404],
    handler: async ({ body }): Promise<ModelView> => {
      requireModel(control, body.provider, body.modelId);
      const override: ModelOverride = { provider: body.provider, modelId: body.modelId };
      if (body.price !== undefined) override.price = body.price;
      if (body.contextLength !== undefined) override.contextLength = body.contextLength;
      if (body.capabilities !== undefined) override.capabilities = body.capabilities;
      if (body.description !== undefined) override.description = body.description;
      if (Object.keys(override).length === 2) {
        throw new AdminError('invalid_request', 'invalid request body: set at least one of price, contextLength, capabilities, description (DELETE clears the override)');
      }
      // The store replaces the value fields as a group and keeps the enabled flag.
      await store.setModelOverride(override);
      return reloadedView(body.provider, body.modelId);
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/models/override',
    operationId: 'clearModelOverride',
    summary: "Clear a model's override (its enabled state is kept)",
    tag: 'models',
    auth: 'session',
    query: modelKeyQuerySchema,
    response: { status: 200, description: 'The model with its system values', schema: modelViewSchema },
    errors: [404],
    handler: async ({ query }): Promise<ModelView> => {
      requireModel(control, query.provider, query.model);
      // Keeps the enabled flag; false (nothing to clear) is fine: clearing is idempotent.
      await store.clearModelOverride(query.provider, query.model);
      return reloadedView(query.provider, query.model);
    },
  });

  router.add({
    method: 'POST',
    url: '/api/models/enabled',
    operationId: 'setModelEnabled',
    summary: 'Enable or disable a model',
    tag: 'models',
    auth: 'session',
    body: modelEnabledInputSchema,
    response: { status: 200, description: 'The model after the change', schema: modelViewSchema },
    errors: [404],
    handler: async ({ body }): Promise<ModelView> => {
      requireModel(control, body.provider, body.modelId);
      // Only `enabled` given: the store keeps the override's values.
      await store.setModelOverride({ provider: body.provider, modelId: body.modelId, enabled: body.enabled });
      return reloadedView(body.provider, body.modelId);
    },
  });
}
