import type { RequestTrace } from '../core/gateway.js';
import { ProxyError } from '../core/proxy-error.js';
import type { StreamEvent } from '../core/stream-event.js';

/**
 * Passes a stream's events through unchanged while noting in the trace what the usage record needs: when the first
 * content delta went by, the usage of the `finish` event, the code of an in-band `error` event (or of a failure the
 * stream threw). Runs per event, so it only compares a type and assigns. When the consumer stops before the end
 * (the client went away), `finally` marks the trace `client_closed`; the `return()` still reaches the upstream
 * iterator, which releases the upstream request.
 */
export async function* traceStreamEvents(events: AsyncIterable<StreamEvent>, trace: RequestTrace): AsyncGenerator<StreamEvent> {
  let ended = false;
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'block-delta':
          if (trace.firstTokenAt === undefined) trace.firstTokenAt = performance.now();
          break;
        case 'finish':
          ended = true;
          trace.usage = event.usage;
          break;
        case 'error':
          ended = true;
          trace.errorKind = event.error.code;
          break;
      }
      yield event;
    }
    ended = true;
  } catch (error) {
    ended = true;
    trace.errorKind ??= ProxyError.is(error) ? error.code : 'internal';
    throw error;
  } finally {
    if (!ended) trace.errorKind ??= 'client_closed';
  }
}
