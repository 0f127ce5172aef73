import type { FastifyReply } from 'fastify';

/** A JSON body serialized once, with the content type Anthropic uses. */
export function sendAnthropicJson(reply: FastifyReply, body: object, status = 200): FastifyReply {
  return reply.status(status).type('application/json').send(JSON.stringify(body));
}
