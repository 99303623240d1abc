import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { auezovMeetings } from '../support/fixtures.ts';

let t: TestApp;
let first: string;
let second: string;

/** Text of every page, as a PDF reader extracts it (an independent parser, not the library that wrote it). */
async function pdfText(data: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(data), disableFontFace: true, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += `${content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join('')}\n`;
  }
  const pages = doc.numPages;
  await doc.destroy();
  // Lines wrap inside long sentences: compare with whitespace collapsed.
  return { pages, text: text.replace(/\s+/g, ' ') };
}

beforeAll(async () => {
  t = await createTestApp();
  ({ first, second } = await auezovMeetings(t.db));
});
afterAll(async () => t?.close());

describe('meeting report PDF', () => {
  it('renders the first Auezov meeting in Russian: attendees, proposals, decisions with targets and services, the audit head', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/meetings/${first}/report.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(res.rawPayload);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(text).toContain('ОТЧЁТ О ВСТРЕЧЕ');
    expect(text).toContain('ПКСК «Дәуір»');
    expect(text).toContain('Увеличить количество камер в жилом массиве');
    expect(text).toContain('Усилить профилактику наркопреступлений среди молодёжи');
    expect(text).toMatch(/Цель: 12 \/ 40 камеры/);
    expect(text).toContain('Рассмотренные предложения');
    const head = (await t.request({ method: 'GET', url: '/api/v1/audit/head' })).json();
    expect(text).toContain(head.hash);
  });

  it("renders the second meeting's carried promises with the outcomes recorded, in Kazakh and English", async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const detail = (await t.request({ method: 'GET', url: `/api/v1/meetings/${second}` })).json();
    const migration = detail.carried.find((c: { title: string }) => c.title.includes('миграционной'));
    const dropped = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${second}/carried/${migration.decisionId}`,
      cookie: coordinator,
      payload: { status: 'dropped', reason: 'Передано в акимат района', version: 0 },
    });
    expect(dropped.statusCode).toBe(200);

    const kk = await pdfText((await t.request({ method: 'GET', url: `/api/v1/meetings/${second}/report.pdf?lang=kk` })).rawPayload);
    expect(kk.text).toContain('КЕЗДЕСУ ЕСЕБІ');
    expect(kk.text).toContain('Өткен кездесулерде не уәде етілді және оның нәтижесі');
    expect(kk.text).toContain('Бақылаудан алынды — Передано в акимат района');
    expect(kk.text).toContain('мерзімі өткен');
    const en = await pdfText((await t.request({ method: 'GET', url: `/api/v1/meetings/${second}/report.pdf?lang=en` })).rawPayload);
    expect(en.text).toContain('What was promised at earlier meetings and what came of it');
    expect(en.text).toContain('Усилить профилактику наркопреступлений среди молодёжи');
    expect(en.text).toContain('Done since the last meeting');
  });

  it('answers 404 for an unknown meeting and 400 for an unknown language', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/meetings/00000000-0000-4000-8000-000000000000/report.pdf' })).statusCode).toBe(404);
    const bad = await t.request({ method: 'GET', url: `/api/v1/meetings/${first}/report.pdf?lang=de` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
