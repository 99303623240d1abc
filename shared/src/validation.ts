import { z } from 'zod';

/**
 * What is wrong with one field, as a code a client can put in the reader's language (the API's `details[].code`,
 * and the web client's zod error map). Parameters carry the numbers the message needs.
 */
export const VALIDATION_CODES = [
  'required',
  'too_short',
  'too_long',
  'too_small',
  'too_big',
  'too_few',
  'too_many',
  'not_integer',
  'invalid_email',
  'invalid_url',
  'invalid_date',
  'date_out_of_range',
  'invalid_format',
  'invalid_choice',
  'invalid_type',
  'unknown_field',
  'other_district',
  'both_coordinates',
  'not_a_tip',
  'unknown_reference',
  'invalid',
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];
export interface ValidationParams {
  minimum?: number;
  maximum?: number;
}
export interface ValidationDetail {
  path: string;
  code: ValidationCode;
  message: string;
  params?: ValidationParams;
}

/** The fields of a zod issue this needs; zod's raw issues (error maps) and finished ones (server) both fit. */
export interface IssueLike {
  code?: string;
  origin?: string;
  format?: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  input?: unknown;
  message?: string;
  params?: { code?: string };
}

const num = (v: number | bigint | undefined) => (v === undefined ? undefined : Number(v));

export function classifyIssue(issue: IssueLike): { code: ValidationCode; params?: ValidationParams } {
  switch (issue.code) {
    case 'invalid_type':
      // A raw issue carries the input; a finished one only says "received undefined".
      if (('input' in issue && issue.input === undefined) || /received undefined/.test(issue.message ?? '')) return { code: 'required' };
      if (issue.expected === 'int') return { code: 'not_integer' };
      return { code: 'invalid_type' };
    case 'too_small': {
      const minimum = num(issue.minimum);
      if (issue.origin === 'string') return minimum === 1 ? { code: 'required' } : { code: 'too_short', params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_few', params: { minimum } };
      if (issue.origin === 'date') return { code: 'date_out_of_range' };
      return { code: 'too_small', params: { minimum } };
    }
    case 'too_big': {
      const maximum = num(issue.maximum);
      if (issue.origin === 'string') return { code: 'too_long', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many', params: { maximum } };
      if (issue.origin === 'date') return { code: 'date_out_of_range' };
      return { code: 'too_big', params: { maximum } };
    }
    case 'invalid_format':
      if (issue.format === 'email') return { code: 'invalid_email' };
      if (issue.format === 'url') return { code: 'invalid_url' };
      if (issue.format === 'datetime' || issue.format === 'date' || issue.format === 'time') return { code: 'invalid_date' };
      return { code: 'invalid_format' };
    case 'invalid_value':
      return { code: 'invalid_choice' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    case 'custom': {
      const own = issue.params?.code;
      return { code: own && (VALIDATION_CODES as readonly string[]).includes(own) ? (own as ValidationCode) : 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}

/**
 * Puts every zod message through `localize` (the web client's i18n): one global error map, so each form validated
 * with the shared schemas speaks the reader's language without a word in the schemas themselves.
 */
export function setValidationMessages(localize: (code: ValidationCode, params: ValidationParams | undefined) => string): void {
  z.config({
    customError: (issue) => {
      const { code, params } = classifyIssue(issue as IssueLike);
      return localize(code, params);
    },
  });
}
