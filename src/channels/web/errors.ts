import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error a client can act on: a stable code (`kind:surface`), a status, and a message safe to show. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'bad_request:api', message, details);
export const unauthorized = (message = 'a valid conversation token is required') => new ApiError(401, 'unauthorized:api', message);
export const notFound = (what: string) => new ApiError(404, 'not_found:api', `${what} not found`);
export const tooLarge = (message: string) => new ApiError(413, 'too_large:api', message);
