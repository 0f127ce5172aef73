import type { ServerResponse } from 'node:http';

/**
 * One AbortController per request, aborted when the client goes away before we finished answering, so the
 * upstream request is cancelled at once (and its tokens stop costing money).
 */
export function abortOnClientClose(response: ServerResponse): AbortController {
  const controller = new AbortController();
  const onClose = (): void => {
    // The default reason is an AbortError, which every layer below recognises as a cancellation.
    if (!response.writableFinished) controller.abort();
  };
  // The response's 'close' also fires when the socket drops before we answered; one listener is enough.
  response.once('close', onClose);
  return controller;
}
