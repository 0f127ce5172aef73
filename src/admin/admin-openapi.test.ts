import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminHarness, type AdminHarness } from './testing/admin-test-harness.js';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let h: AdminHarness;
let document: OpenApi;

beforeAll(async () => {
  h = await startAdminHarness({ passwordFromEnv: 'openapi-tests-password' });
  const response = await h.app.inject({ url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
});
afterAll(async () => {
  await h.close();
});

/** Every [method, path] Fastify serves, read from its own route tree (printRoutes), independent of our router. */
function registeredRoutes(): Array<[string, string]> {
  const routes: Array<[string, string]> = [];
  const stack: string[] = [];
  for (const line of h.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1]?.length ?? 0) / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + (match[2] ?? '');
    stack.push(path);
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) routes.push([method, path]);
  }
  return routes;
}

describe('the OpenAPI document', () => {
  it('describes every /api route the server registers, and nothing it does not', async () => {
    const routes = registeredRoutes().filter(([, path]) => path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThanOrEqual(32);
    for (const [method, path] of routes) {
      const documented = document.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      expect(documented, `${method} ${path}`).toBeDefined();
    }
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => [method, path]));
    expect(documented).toHaveLength(routes.length);
    for (const [method, path] of documented) {
      expect(h.app.hasRoute({ method: method!.toUpperCase() as 'GET', url: path!.replace(/\{(\w+)\}/g, ':$1') }), `${method} ${path}`).toBe(true);
    }
  });

  it('is OpenAPI 3.1 with unique operation ids and resolvable schema references', () => {
    expect(document.openapi).toBe('3.1.0');
    const ids = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(document.components.schemas[ref], ref).toBeDefined();
    expect(JSON.stringify(document.components.schemas)).not.toContain('"$id"');
  });

  it('documents bodies, parameters, auth and the CSRF header from the zod schemas', () => {
    const create = document.paths['/api/providers']!.post!;
    expect(create.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CustomProviderInput' } } } });
    expect(create.security).toEqual([{ session: [] }]);
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'X-Switchboard-Csrf', in: 'header' }));
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));

    const input = document.components.schemas.CustomProviderInput as { properties: Record<string, { enum?: string[]; pattern?: string }>; required: string[]; additionalProperties: boolean };
    expect(input.properties.type?.enum).toEqual(['openai-compatible', 'anthropic-compatible', 'ollama']);
    expect(input.properties.id?.pattern).toBe('^[a-z0-9][a-z0-9-]{0,39}$');
    expect(input.required.sort()).toEqual(['baseUrl', 'id', 'type']);
    expect(input.additionalProperties).toBe(false);

    const breakdown = document.paths['/api/usage/breakdown']!.get!;
    expect(breakdown.parameters?.map((parameter) => parameter.name)).toEqual(['from', 'to', 'tags', 'providers', 'models', 'clients', 'by', 'limit']);
    expect(document.paths['/api/providers/{id}/test']!.post!.parameters?.[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(document.paths['/api/login']!.post!.security).toEqual([]);
    expect(document.paths['/api/widget']!.get!.security).toEqual([{ session: [] }, { adminPassword: [] }]);
    expect(document.paths['/api/usage/export.csv']!.get!.responses['200']).toMatchObject({ content: { 'text/csv': {} } });
    expect(Object.keys((document.components.schemas.ProviderView as { properties: object }).properties)).not.toContain('headers');
  });
});
