import type { FastifyReply } from 'fastify';

/** A single JSON object, as Ollama sends every non-streamed answer. */
export function sendOllamaJson(reply: FastifyReply, body: object): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** A complete NDJSON stream of known lines (load answers, pull `success`). */
export function sendOllamaNdjson(reply: FastifyReply, lines: readonly object[]): FastifyReply {
  return reply.type('application/x-ndjson').send(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}
