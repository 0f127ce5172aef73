import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends an async iterable of already-encoded text frames as a streaming response. Each frame is written as it is
 * produced (no buffering, no compression), and Fastify's piping handles backpressure and client disconnects.
 */
export function sendTextStream(reply: FastifyReply, contentType: string, frames: AsyncIterable<string>): FastifyReply {
  reply
    .header('content-type', contentType)
    .header('cache-control', 'no-cache')
    .header('x-accel-buffering', 'no');
  return reply.send(Readable.from(frames, { objectMode: false, highWaterMark: 1 }));
}
