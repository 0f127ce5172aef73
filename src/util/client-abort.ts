import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One AbortController per request, aborted when the client goes away before we finished answering, so the
 * upstream request is cancelled at once (and its tokens stop costing money).
 */
export function abortOnClientClose(request: IncomingMessage, response: ServerResponse): AbortController {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!response.writableFinished) controller.abort(new Error('client closed the connection'));
  };
  response.once('close', onClose);
  request.once('aborted', onClose);
  return controller;
}
