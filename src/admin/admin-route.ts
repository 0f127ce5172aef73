import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { issuePath } from '../util/zod-issue-message.js';
import { AdminError } from './admin-error.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** public: anyone; session: the login cookie; session-or-password: the cookie or `Authorization: Bearer <password>`. */
export type RouteAuth = 'public' | 'session' | 'session-or-password';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call an admin route; checked by the auth hook before the body is read. */
    auth?: RouteAuth;
  }
}

export type ResponseDoc = { status: number; description: string; schema?: z.ZodType; contentType?: string };

export type RouteInput<B, Q, P> = { body: B; query: Q; params: P; request: FastifyRequest; reply: FastifyReply };

/**
 * One admin route: how Fastify serves it and how the OpenAPI document describes it, from the same zod schemas.
 * The handler returns the JSON answer (sent with `response.status`), undefined for 204, or the reply it sent itself.
 */
export type AdminRoute<B, Q, P> = {
  method: HttpMethod;
  /** Fastify syntax: `/api/providers/:id`. */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  response: ResponseDoc;
  /** Error statuses this route answers besides the ones every route of its kind can (400, 401, 403, 500). */
  errors?: number[];
  handler: (input: RouteInput<B, Q, P>) => Promise<unknown>;
};

/** What the OpenAPI builder reads: a route without its handler's types. */
export type AdminRouteDoc = Omit<AdminRoute<unknown, unknown, unknown>, 'handler'>;

type InputPlace = 'body' | 'query' | 'params';

function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, place: InputPlace): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issuePath(issue.path) : undefined;
  const what = place === 'body' ? 'field' : place === 'query' ? 'query parameter' : 'path parameter';
  const message = issue?.message ?? 'invalid';
  throw new AdminError('invalid_request', path ? `invalid ${what} '${path}': ${message}` : `invalid request ${place}: ${message}`);
}

/** Registers admin routes on the app and remembers their descriptions for the OpenAPI document. */
export class AdminRouter {
  private readonly docs: AdminRouteDoc[] = [];

  constructor(private readonly app: FastifyInstance) {}

  get routes(): readonly AdminRouteDoc[] {
    return this.docs;
  }

  add<B = undefined, Q = undefined, P = undefined>(route: AdminRoute<B, Q, P>): void {
    const { handler, ...doc } = route;
    this.docs.push(doc as AdminRouteDoc);
    this.app.route({
      method: route.method,
      url: route.url,
      config: { auth: route.auth },
      handler: async (request, reply) => {
        const input: RouteInput<B, Q, P> = {
          params: parseInput(route.params, request.params, 'params'),
          query: parseInput(route.query, request.query, 'query'),
          body: parseInput(route.body, request.body, 'body'),
          request,
          reply,
        };
        const result = await handler(input);
        if (result === reply || reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        return reply.code(route.response.status).send(result);
      },
    });
  }
}
