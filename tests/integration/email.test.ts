import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let t: TestApp;
let worker: WorkerHandle;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ SMTP_URL: smtp.url });
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await smtp?.close();
});

describe('email notifications', () => {
  it('emails the migration officer a dispatched instruction through a real SMTP server', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'migration',
      title: 'Проверка съёмных квартир',
      services: ['migration'],
    });
    const mail = await waitFor(async () => smtp.mails.find((m) => m.to.includes('migration@demo.kz') && m.data.includes('Subject:')), {
      what: 'email',
    });
    expect(mail.data).toMatch(/Subject: =\?UTF-8\?/);
    expect(smtp.mails.filter((m) => m.to.includes('inspector@demo.kz'))).toHaveLength(0);
  });

  it('emails the owner when someone registers with an email that already has an account', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'resident@demo.kz', password: 'someone-else-1', name: 'Не владелец' },
    });
    expect(res.statusCode).toBe(202);
    const mail = await waitFor(async () => smtp.mails.find((m) => m.to.includes('resident@demo.kz')), { what: 'the owner emailed' });
    expect(mail.data).toMatch(/Subject: =\?UTF-8\?/);
  });
});
