import i18next from 'i18next';
import type { ValidationCode, ValidationParams } from '@dsd/shared/validation';

/** One field's problem in the reader's language, from the code the shared schemas (client) or the API (server) give. */
export function validationMessage(code: ValidationCode | string, params?: ValidationParams): string {
  const t = i18next.t.bind(i18next);
  const count = params?.minimum ?? params?.maximum;
  return t(`validation.${code}`, { ...params, ...(count !== undefined ? { count } : {}), defaultValue: t('validation.invalid') });
}
