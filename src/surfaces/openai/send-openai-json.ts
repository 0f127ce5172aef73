import type { FastifyReply } from 'fastify';

/** A JSON body serialized once, with the content type OpenAI uses. */
export function sendOpenAIJson(reply: FastifyReply, body: object): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}
