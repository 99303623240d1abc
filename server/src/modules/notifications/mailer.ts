import { eq, inArray, and, isNull } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database } from '@dsd/db/client';
import { notifications, users } from '@dsd/db/schema/index';

export interface Mailer {
  sendPending(notificationIds: string[]): Promise<void>;
  /** One email listing a person's notifications not emailed yet; returns how many it listed. */
  sendDigest(userId: string): Promise<number>;
  /** The invitation of a staff member: sent straight away (the link's token exists only in this email). */
  sendInvite(invite: { to: string; link: string; role: string; expiresAt: Date; locale: 'ru' | 'kk' | 'en' }): Promise<void>;
  close(): void;
}

const INVITE_TEXT = {
  ru: {
    subject: 'Приглашение на платформу «Безопасный район»',
    body: (role: string, link: string, until: string) =>
      `Вас пригласили на платформу с ролью «${role}».\n\nЗадайте пароль по ссылке (она действует один раз, до ${until}):\n${link}`,
  },
  kk: {
    subject: '«Қауіпсіз аудан» платформасына шақыру',
    body: (role: string, link: string, until: string) =>
      `Сізді платформаға «${role}» рөлімен шақырды.\n\nСілтеме арқылы құпиясөз орнатыңыз (ол бір рет, ${until} дейін жарамды):\n${link}`,
  },
  en: {
    subject: 'Your invitation to the District Safety platform',
    body: (role: string, link: string, until: string) =>
      `You have been invited to the platform as ${role}.\n\nSet your password with this link (it works once, until ${until}):\n${link}`,
  },
} as const;

const DIGEST_SUBJECT = { ru: 'Уведомления за день', kk: 'Күндегі хабарламалар', en: 'Your notifications of the day' } as const;

/** Email copies of notifications through SMTP_URL; each is marked when sent so a retry does not send it again. */
export function createMailer(opts: { db: Database; smtpUrl: string; from: string; publicUrl?: string; onError: (err: unknown) => void }): Mailer {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async sendPending(ids) {
      if (ids.length === 0) return;
      const rows = await opts.db
        .select({
          id: notifications.id,
          title: notifications.title,
          body: notifications.body,
          actor: notifications.actor,
          link: notifications.link,
          email: users.email,
        })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(and(inArray(notifications.id, ids), isNull(notifications.emailedAt)));
      for (const row of rows) {
        try {
          const link = row.link ? `\n\n${opts.publicUrl ?? ''}${row.link}` : '';
          const by = row.actor ? `\n— ${row.actor}` : '';
          await transport.sendMail({ from: opts.from, to: row.email, subject: row.title, text: `${row.body}${by}${link}` });
          await opts.db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, row.id));
        } catch (err) {
          opts.onError(err);
        }
      }
    },
    async sendDigest(userId) {
      const [user] = await opts.db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
      if (!user) return 0;
      const rows = await opts.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), isNull(notifications.emailedAt)))
        .orderBy(notifications.createdAt)
        .limit(200);
      if (rows.length === 0) return 0;
      const lines = rows.map((n) => {
        const by = n.actor ? ` (${n.actor})` : '';
        const times = n.groupCount > 1 ? ` ×${n.groupCount}` : '';
        const link = n.link ? `\n  ${opts.publicUrl ?? ''}${n.link}` : '';
        return `• ${n.title}${times}: ${n.body}${by}${link}`;
      });
      await transport.sendMail({ from: opts.from, to: user.email, subject: DIGEST_SUBJECT[user.locale], text: lines.join('\n\n') });
      await opts.db
        .update(notifications)
        .set({ emailedAt: new Date() })
        .where(
          inArray(
            notifications.id,
            rows.map((n) => n.id),
          ),
        );
      return rows.length;
    },
    async sendInvite(invite) {
      const text = INVITE_TEXT[invite.locale];
      const until = `${invite.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      await transport.sendMail({ from: opts.from, to: invite.to, subject: text.subject, text: text.body(invite.role, invite.link, until) });
    },
    close() {
      transport.close();
    },
  };
}
