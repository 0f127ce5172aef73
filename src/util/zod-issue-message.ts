import type { ZodError } from 'zod';

/** `messages[0].role` style path for a zod issue, so a 400 names the field. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function describeZodError(error: ZodError): { message: string; param: string | undefined } {
  const issue = error.issues[0];
  if (!issue) return { message: 'invalid request', param: undefined };
  const param = issue.path.length > 0 ? issuePath(issue.path) : undefined;
  return { message: param ? `invalid field '${param}': ${issue.message}` : issue.message, param };
}
