import type { ProxyError } from '../../core/proxy-error.js';
import { encodeSseData } from '../../util/sse.js';
import type { OpenAIErrorBody, OpenAIErrorType } from './openai-wire.js';

/** OpenAI's error `type` by status; the SDK picks its exception class from the status alone. */
function errorType(status: number): OpenAIErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** OpenAI's codes where it has one for the case, else our stable code (null for a plain invalid request). */
function errorCode(error: ProxyError): string | null {
  if (error.code === 'model_not_found' || error.code === 'provider_not_configured') return 'model_not_found';
  if (error.status === 429) return 'rate_limit_exceeded';
  if (error.code === 'invalid_request') return null;
  return error.code;
}

/** A ProxyError as an HTTP error body, `{"error":{"message","type","param","code"}}`. */
export function encodeOpenAIError(error: ProxyError): OpenAIErrorBody {
  return {
    error: { message: error.message, type: errorType(error.status), param: error.info.param ?? null, code: errorCode(error) },
  };
}

/** A failure after the stream started: one `data:` frame with an `error` key (the SDK throws APIError on it). */
export function encodeOpenAIStreamError(error: ProxyError): string {
  const body: OpenAIErrorBody = { error: { message: error.message, type: 'server_error', param: null, code: error.code } };
  return encodeSseData(JSON.stringify(body));
}
