// Errors as the console sees them. The server reports failures as GraphQL errors
// whose extensions.code is UNAUTHENTICATED, NOT_FOUND, BAD_USER_INPUT or INTERNAL;
// the client adds NETWORK when no GraphQL answer arrived at all.

/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** A failed request: the server's errors, or a transport failure (code NETWORK). */
export class ApiError extends Error {
  readonly code: string;
  readonly errors: readonly GraphQLErrorShape[];
  readonly status: number | undefined;

  constructor(message: string, code: string, errors: readonly GraphQLErrorShape[] = [], status?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.errors = errors;
    this.status = status;
  }
}

/**
 * Builds the ApiError for a GraphQL response that carried errors. The code is the
 * first error's extensions.code; the message lists each distinct message once.
 */
export function errorFromGraphQL(errors: readonly GraphQLErrorShape[], status?: number): ApiError {
  const messages = [...new Set(errors.map((e) => e.message).filter((m) => m))];
  const code =
    errors.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code ??
    (status !== undefined && status >= 500 ? 'INTERNAL' : 'UNKNOWN');
  return new ApiError(messages.join('; ') || 'The request failed.', code, errors, status);
}

/** Builds the ApiError for an HTTP answer that was not a GraphQL response. */
export function errorFromHTTP(status: number, statusText: string): ApiError {
  const code = status === 401 ? 'UNAUTHENTICATED' : status >= 500 ? 'INTERNAL' : 'NETWORK';
  return new ApiError(`The server answered ${status}${statusText ? ` ${statusText}` : ''}.`, code, [], status);
}

/** Whether the caller's credentials were refused. */
export function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'UNAUTHENTICATED';
}

/** A sentence for people about any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'Cannot reach the server. Check your connection and try again.';
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}
