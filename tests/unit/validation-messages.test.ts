import { describe, expect, it } from 'vitest';
import { RegisterBody } from '@dsd/shared/auth';
import { CreateMeetingBody } from '@dsd/shared/meetings';
import { classifyIssue, setValidationMessages } from '@dsd/shared/validation';
import { initDefaultTranslator } from '../../web/src/app/i18n-options.ts';
import { validationMessage } from '../../web/src/lib/validation.ts';
import { ApiError } from '../../web/src/lib/api.ts';

const i18n = initDefaultTranslator('ru');
setValidationMessages(validationMessage);

const messages = (
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } },
  value: unknown,
) => Object.fromEntries((schema.safeParse(value).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

const meeting = { districtSlug: 'auezov', title: 'Вс', startsAt: '1999-01-01T10:00:00+05:00', format: 'by_post', place: '' };

describe('validation messages in the reader’s language (the web client’s zod error map)', () => {
  it('Russian: lengths with their plural, required, dates, choices, email — never zod’s English', async () => {
    await i18n.changeLanguage('ru');
    expect(messages(CreateMeetingBody, meeting)).toEqual({
      title: 'Не короче 3 символов',
      startsAt: 'Дата должна быть между 2000 и 2100 годами',
      format: 'Выберите один из предложенных вариантов',
      place: 'Заполните это поле',
    });
    expect(messages(RegisterBody, { email: 'нет', password: 'short', name: 'A' })).toMatchObject({
      email: 'Введите адрес электронной почты, например name@mail.kz',
      password: 'Не короче 8 символов',
    });
    expect(
      messages(CreateMeetingBody, {
        ...meeting,
        title: 'Встреча',
        startsAt: '2026-12-01T10:00:00+05:00',
        format: 'online',
        place: 'X',
        districtSlug: undefined,
      }),
    ).toEqual({
      districtSlug: 'Заполните это поле',
    });
  });

  it('Kazakh and English say the same', async () => {
    await i18n.changeLanguage('kk');
    expect(messages(CreateMeetingBody, meeting)).toMatchObject({ title: 'Кемінде 3 таңба', place: 'Бұл өрісті толтырыңыз' });
    await i18n.changeLanguage('en');
    expect(messages(CreateMeetingBody, meeting)).toMatchObject({
      title: 'At least 3 characters',
      place: 'Fill in this field',
      format: 'Choose one of the options',
    });
  });

  it('server details are shown from their code, in the reader’s language', async () => {
    await i18n.changeLanguage('ru');
    const err = new ApiError(400, 'VALIDATION_FAILED', 'Invalid body', [
      { path: 'body.title', message: 'Too small: expected string to have >=3 characters', code: 'too_short', params: { minimum: 3 } },
      { path: 'body.lat', message: 'give both lat and lng or neither', code: 'both_coordinates' },
    ]);
    expect(err.fieldError('title')).toBe('Не короче 3 символов');
    expect(err.fieldError('lat')).toBe('Укажите и широту, и долготу — или ни то ни другое');
  });

  it('classifies finished issues (as the API sees them) the same way as raw ones', () => {
    expect(classifyIssue({ code: 'invalid_type', expected: 'string', message: 'Invalid input: expected string, received undefined' })).toEqual({
      code: 'required',
    });
    expect(classifyIssue({ code: 'too_big', origin: 'string', maximum: 200 })).toEqual({ code: 'too_long', params: { maximum: 200 } });
  });
});
