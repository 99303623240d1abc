import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { freePort } from '../support/redis-server.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

const received: Array<{ to: string[]; data: string }> = [];
let smtp: SMTPServer;
let t: TestApp;
let worker: WorkerHandle;

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk) => (data += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}/?ignoreTLS=true` });
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
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
    const mail = await waitFor(async () => received.find((m) => m.to.includes('migration@demo.kz') && m.data.includes('Subject:')), {
      what: 'email',
    });
    expect(mail.data).toMatch(/Subject: =\?UTF-8\?/);
    expect(received.filter((m) => m.to.includes('inspector@demo.kz'))).toHaveLength(0);
  });
});
