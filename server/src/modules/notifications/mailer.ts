import { eq, inArray, and, isNull } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database } from '@dsd/db/client';
import { notifications, users } from '@dsd/db/schema/index';

export interface Mailer {
  sendPending(notificationIds: string[]): Promise<void>;
  close(): void;
}

/** Email copies of notifications through SMTP_URL; each is marked when sent so a retry does not send it again. */
export function createMailer(opts: { db: Database; smtpUrl: string; from: string; publicUrl?: string; onError: (err: unknown) => void }): Mailer {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async sendPending(ids) {
      if (ids.length === 0) return;
      const rows = await opts.db
        .select({ id: notifications.id, title: notifications.title, body: notifications.body, link: notifications.link, email: users.email })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(and(inArray(notifications.id, ids), isNull(notifications.emailedAt)));
      for (const row of rows) {
        try {
          const link = row.link ? `\n\n${opts.publicUrl ?? ''}${row.link}` : '';
          await transport.sendMail({ from: opts.from, to: row.email, subject: row.title, text: `${row.body}${link}` });
          await opts.db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, row.id));
        } catch (err) {
          opts.onError(err);
        }
      }
    },
    close() {
      transport.close();
    },
  };
}
