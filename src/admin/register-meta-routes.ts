import { z } from 'zod';
import type { HealthView } from './admin-api-types.js';
import type { AdminContext } from './admin-context.js';
import { AdminError } from './admin-error.js';
import { healthViewSchema } from './admin-response-schemas.js';
import { buildOpenApiDocument } from './openapi-document.js';

/** Health check and the OpenAPI document, both public. */
export function registerMetaRoutes({ router, deps }: AdminContext): void {
  router.add({
    method: 'GET',
    url: '/api/health',
    operationId: 'getHealth',
    summary: 'Health check: 200 when the database answers',
    tag: 'meta',
    auth: 'public',
    response: { status: 200, description: 'Healthy', schema: healthViewSchema },
    errors: [503],
    handler: async ({ request }): Promise<HealthView> => {
      try {
        await deps.store.configVersion();
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unavailable');
        throw new AdminError('unavailable', 'the database does not answer');
      }
      return { status: 'ok' };
    },
  });

  // Built on first request, when every route is registered; the routes cannot change afterwards.
  let document: object | undefined;
  router.add({
    method: 'GET',
    url: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tag: 'meta',
    auth: 'public',
    response: { status: 200, description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) },
    handler: async () => (document ??= buildOpenApiDocument(router.routes)),
  });
}
