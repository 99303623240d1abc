import createError from '@fastify/error';
import type { FastifyRequest } from 'fastify';
import type { ErrorBody } from '@dsd/shared/errors';
import type { ValidationCode, ValidationDetail } from '@dsd/shared/validation';

/** Errors are declared once with a code and status and thrown by name; the error handler shapes the response. */
export const NotFound = createError<[string]>('NOT_FOUND', '%s not found', 404);
export const Unauthenticated = createError('UNAUTHENTICATED', 'Sign in first', 401);
export const InvalidCredentials = createError('INVALID_CREDENTIALS', 'Wrong email or password', 401);
export const Forbidden = createError<[string]>('FORBIDDEN', '%s', 403);
export const VersionConflict = createError<[string]>('VERSION_CONFLICT', '%s was changed by someone else; reload and try again', 409);
export const InvalidTransition = createError<[string, string, string]>('INVALID_TRANSITION', 'A %s cannot move from %s to %s', 409);
export const Conflict = createError<[string]>('CONFLICT', '%s', 409);
/** A meeting cannot be marked held before its day has come in its district's zone. */
export const MeetingNotYetDue = createError<[string]>(
  'MEETING_NOT_YET_DUE',
  'The meeting is planned for %s; it can be marked held from that day',
  409,
);
export const Unavailable = createError<[string]>('SERVICE_UNAVAILABLE', '%s is unavailable, try again shortly', 503);

/** A 400 that points at a field, like zod's own failures. */
export class FieldError extends Error {
  readonly statusCode = 400;
  readonly code = 'VALIDATION_FAILED';
  readonly details: ValidationDetail[];
  /** `code` says what is wrong in a way clients translate; the message stays for people reading the raw API. */
  constructor(path: string, message: string, code: ValidationCode = 'invalid') {
    super(`${path}: ${message}`);
    this.details = [{ path, message, code }];
  }
}

/**
 * The one error shape, for the few places that answer before or beside the error handler (hooks, the 404 handler).
 * The request id (also in the X-Request-Id header and on every log line of the request) ties a report to the logs.
 */
export function errorBody(request: FastifyRequest, code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details !== undefined ? { details } : {}), requestId: String(request.id) } };
}
