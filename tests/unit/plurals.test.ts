import { beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../web/src/app/i18n-options.ts';
import { en } from '../../web/src/app/locales/en.ts';
import { kk } from '../../web/src/app/locales/kk.ts';
import { ru } from '../../web/src/app/locales/ru.ts';

const NUMBERS = [1, 2, 5, 11, 21, 22, 25] as const;
type Lang = 'ru' | 'kk' | 'en';

let i18: ReturnType<typeof createTranslator>;
// No fallback language: a missing Kazakh or English form must show, not be papered over by Russian.
beforeAll(() => {
  i18 = createTranslator('ru', { fallbackLng: false });
});

function pluralKeys(obj: object, prefix = ''): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'object' && v !== null) for (const x of pluralKeys(v, `${prefix}${k}.`)) out.add(x);
    else if (/_(one|few|many|other)$/.test(k)) out.add(`${prefix}${k.replace(/_(one|few|many|other)$/, '')}`);
  }
  return [...out];
}

const render = (lang: Lang, key: string, count: number) => i18.getFixedT(lang)(key, { count });
const each = (lang: Lang, key: string) => NUMBERS.map((n) => render(lang, key, n));

describe('plural forms after numbers', () => {
  const expected: Record<string, Record<Lang, string[]>> = {
    'notifications.unread': {
      ru: ['1 непрочитанное', '2 непрочитанных', '5 непрочитанных', '11 непрочитанных', '21 непрочитанное', '22 непрочитанных', '25 непрочитанных'],
      kk: NUMBERS.map((n) => `${n} оқылмаған`),
      en: NUMBERS.map((n) => `${n} unread`),
    },
    'audit.intact': {
      ru: [
        'Цепочка цела: проверена 1 запись',
        'Цепочка цела: проверены 2 записи',
        'Цепочка цела: проверено 5 записей',
        'Цепочка цела: проверено 11 записей',
        'Цепочка цела: проверена 21 запись',
        'Цепочка цела: проверены 22 записи',
        'Цепочка цела: проверено 25 записей',
      ],
      kk: NUMBERS.map((n) => `Тізбек бүтін: ${n} жазба тексерілді`),
      en: ['Chain intact: 1 entry checked', ...NUMBERS.slice(1).map((n) => `Chain intact: ${n} entries checked`)],
    },
    'common.supportCount': {
      ru: [
        '1 голос в поддержку',
        '2 голоса в поддержку',
        '5 голосов в поддержку',
        '11 голосов в поддержку',
        '21 голос в поддержку',
        '22 голоса в поддержку',
        '25 голосов в поддержку',
      ],
      kk: NUMBERS.map((n) => `${n} адам қолдады`),
      en: ['1 supporter', ...NUMBERS.slice(1).map((n) => `${n} supporters`)],
    },
    'common.overdueDays': {
      ru: [
        'просрочено на 1 день',
        'просрочено на 2 дня',
        'просрочено на 5 дней',
        'просрочено на 11 дней',
        'просрочено на 21 день',
        'просрочено на 22 дня',
        'просрочено на 25 дней',
      ],
      kk: NUMBERS.map((n) => `мерзімінен ${n} күн өтті`),
      en: ['1 day overdue', ...NUMBERS.slice(1).map((n) => `${n} days overdue`)],
    },
  };

  for (const [key, langs] of Object.entries(expected)) {
    for (const lang of ['ru', 'kk', 'en'] as const) {
      it(`${key} in ${lang} for ${NUMBERS.join(', ')}`, () => expect(each(lang, key)).toEqual(langs[lang]));
    }
  }

  it('a target counts its unit in each language: "из 41 камеры", "40 камера", "of 1 camera"', () => {
    const target = (lang: Lang, achieved: number, total: number, unit: string) =>
      i18.getFixedT(lang)('decision.targetOf', { achieved, total, unit: render(lang, `unitOf.${unit}`, total) });
    expect(NUMBERS.map((n) => target('ru', 0, n, 'cameras'))).toEqual([
      '0 из 1 камеры',
      '0 из 2 камер',
      '0 из 5 камер',
      '0 из 11 камер',
      '0 из 21 камеры',
      '0 из 22 камер',
      '0 из 25 камер',
    ]);
    expect(NUMBERS.map((n) => target('ru', 3, n, 'helpers'))).toEqual(
      NUMBERS.map((n) => `3 из ${n} ${n % 10 === 1 && n !== 11 ? 'помощника' : 'помощников'}`),
    );
    expect(NUMBERS.map((n) => target('kk', 12, n, 'cameras'))).toEqual(NUMBERS.map((n) => `12 / ${n} камера`));
    expect(NUMBERS.map((n) => target('en', 0, n, 'cameras'))).toEqual(['0 of 1 camera', ...NUMBERS.slice(1).map((n) => `0 of ${n} cameras`)]);
  });

  it('every plural key renders a form of its own language for every number (no fallback, no raw key)', () => {
    for (const key of pluralKeys(ru)) {
      for (const lang of ['ru', 'kk', 'en'] as const) {
        for (const n of NUMBERS) {
          const text = render(lang, key, n);
          expect(text, `${lang} ${key} ${n}`).not.toBe(key);
          const category = new Intl.PluralRules(lang).select(n);
          const own = key.split('.').reduce<any>((o, k) => o?.[k], { ru, kk, en }[lang]);
          expect(own, `${lang} ${key}`).toBeUndefined();
          const forms = key
            .split('.')
            .slice(0, -1)
            .reduce<any>((o, k) => o[k], { ru, kk, en }[lang]);
          const last = key.split('.').at(-1)!;
          expect(forms[`${last}_${category}`], `${lang} ${key}_${category}`).toBeDefined();
        }
      }
    }
  });
});
