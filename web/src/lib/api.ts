import type { ValidationParams } from '@dsd/shared/validation';
import { validationMessage } from './validation.ts';

/** The API's error shape, thrown by every request helper so forms can show field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ path: string; message: string; code?: string; params?: ValidationParams }>,
  ) {
    super(message);
  }
  /** The field's problem in the reader's language (the API's English message only when it sent no code). */
  fieldError(field: string): string | undefined {
    const detail = this.details?.find((d) => d.path === `body.${field}` || d.path.endsWith(`.${field}`));
    if (!detail) return undefined;
    return detail.code ? validationMessage(detail.code, detail.params) : detail.message;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = data?.error ?? {};
    throw new ApiError(res.status, err.code ?? 'ERROR', err.message ?? res.statusText, err.details);
  }
  return data as T;
}

export const qs = (params: Record<string, string | number | boolean | undefined | null>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
};
