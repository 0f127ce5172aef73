/** Any failed admin API call: the server's `{error:{message,code}}`, or a network failure (status 0). */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After on 429 answers. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
