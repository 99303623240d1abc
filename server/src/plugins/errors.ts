import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { classifyIssue, type IssueLike } from '@dsd/shared/validation';
import { errorBody } from '../lib/errors.ts';

type ErrorReply = { statusCode: number; code: string; message: string; details?: unknown };

const FASTIFY_CODES: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON (Content-Type: application/json)' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'VALIDATION_FAILED', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', message: 'Invalid Content-Length' },
  FST_ERR_VALIDATION: { code: 'VALIDATION_FAILED' },
  FST_ERR_BAD_URL: { code: 'BAD_URL', message: 'The URL is malformed' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', message: 'A part of the URL is too long' },
  // @fastify/under-pressure (it sets Retry-After before handing the error here).
  FST_UNDER_PRESSURE: { code: 'SERVICE_UNAVAILABLE', message: 'The server is overloaded, try again shortly' },
};

// Postgres errors that can only come from bad input that slipped past the schemas. Every other data exception
// (class 22: dates out of range, untranslatable characters, …) is a 400 too, never a 500.
const PG_CLIENT_ERRORS: Record<string, ErrorReply> = {
  '22P02': { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A value has the wrong format' },
  '22003': { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A number is out of range' },
  '22008': { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A date is out of range' },
  '22001': { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A value is too long' },
  '22021': { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid characters in a value' },
  '22P05': { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid characters in a value' },
  '23505': { statusCode: 409, code: 'CONFLICT', message: 'This already exists' },
  '23503': { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A referenced record does not exist' },
  '40001': { statusCode: 409, code: 'VERSION_CONFLICT', message: 'Concurrent change; try again' },
};
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
/** Server going away or not accepting yet: admin/crash shutdown (57P01/57P02), starting up (57P03), too many clients. */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);

export function toErrorReply(error: FastifyError & { details?: unknown }): ErrorReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: `Invalid ${error.validationContext ?? 'request'}`,
      // Each detail carries a code (and its numbers) besides the English message, so clients can say it in their language.
      details: error.validation.map((v) => ({
        path: [error.validationContext, ...(v.instancePath ? v.instancePath.split('/').filter(Boolean) : [])].join('.'),
        message: v.message,
        ...classifyIssue({ ...(v.params as IssueLike), code: v.keyword, message: v.message }),
      })),
    };
  }
  if (isResponseSerializationError(error)) {
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' };
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) {
    return { statusCode: error.statusCode ?? 400, code: known.code, message: known.message ?? error.message, details: error.details };
  }
  // Drizzle wraps driver errors: the Postgres SQLSTATE sits on the cause.
  const pg = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  if (pg && PG_CLIENT_ERRORS[pg]) return PG_CLIENT_ERRORS[pg];
  if (pg?.startsWith('22') && pg.length === 5) return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'A value is not acceptable' };
  if (pg && (CONNECTION_ERRORS.has(pg) || pg.startsWith('08') || PG_UNAVAILABLE.has(pg))) {
    return { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable, try again shortly' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return {
      statusCode: status,
      code: error.code && !error.code.startsWith('FST_') ? error.code : status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST',
      message: error.message,
      details: error.details,
    };
  }
  if (status === 503) return { statusCode: 503, code: error.code ?? 'SERVICE_UNAVAILABLE', message: error.message };
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' };
}

/** Sends any failure as {"error":{"code","message","details?"}}. */
export function sendError(error: FastifyError & { details?: unknown }, request: FastifyRequest, reply: FastifyReply): void {
  const shaped = toErrorReply(error);
  // A dependency that is down (or an overloaded process) is an operations event, logged once per request without the
  // stack; anything else on our side is an error with its stack.
  if (shaped.statusCode === 503)
    request.log.warn({ code: shaped.code, cause: (error as { cause?: Error }).cause?.message ?? error.message }, shaped.message);
  else if (shaped.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: shaped.code, status: shaped.statusCode }, shaped.message);
  void reply
    .status(shaped.statusCode)
    .type('application/json')
    .send(errorBody(request, shaped.code, shaped.message, shaped.details));
}

/** One error handler for routes; the router's own errors (bad URLs) go through `sendError` as fastify's frameworkErrors. */
export default fp(
  async (app) => {
    app.setErrorHandler(sendError);
  },
  { name: 'errors' },
);
