// Operator commands: `node --import tsx server/src/cli.ts <command>` (npm run db:rebuild-projections).
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { appendAudit, sealAllAudit } from '@dsd/db/audit-chain';
import { createDb } from '@dsd/db/client';
import { startEmbeddedPostgres } from '@dsd/db/embedded';
import { rebuildProjections } from '@dsd/db/projections';
import { roleGrants, sessions, users } from '@dsd/db/schema/index';
import { prepareDatabase } from '@dsd/db/setup';
import { Email, Password } from '@dsd/shared/auth';
import { loadConfig } from './config/env.ts';

const COMMANDS = {
  /** Recomputes every read model from the records, prints what had drifted, and fixes it. */
  async 'rebuild-projections'(url: string) {
    const handle = createDb(url, { max: 2 });
    try {
      const started = Date.now();
      const report = await rebuildProjections(handle.db);
      console.log(
        `Rebuilt read models in ${Date.now() - started} ms: ${report.decisionsRecomputed} decisions (${report.decisionsDrifted} had drifted), ` +
          `${report.overdueFlagsFixed} overdue flags fixed, ${report.counters} counters.`,
      );
      if (report.drift.length === 0) console.log('No counter drift: the read models matched the records.');
      else {
        console.log(`Counter drift found and fixed (${report.drift.length}):`);
        for (const d of report.drift) console.log(`  ${d.metric} ${d.districtSlug} ${d.key}: was ${d.found}, records say ${d.expected}`);
      }
    } finally {
      await handle.close();
    }
  },
  /** Seals every audit row still waiting for the sequencer (e.g. after a long worker outage, without starting one). */
  async 'seal-audit'(url: string) {
    const handle = createDb(url, { max: 2 });
    try {
      console.log(`Sealed ${await sealAllAudit(handle.db)} audit rows.`);
    } finally {
      await handle.close();
    }
  },
  /**
   * The first admin of a fresh installation: `admin:create --email … --name … [--password …] [--reset]`. Prints a
   * generated password unless one is given. An existing email is refused unless --reset, which makes the account an
   * admin again with the new password and ends its sessions.
   */
  async 'admin:create'(url: string, args: string[]) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, reset: { type: 'boolean', default: false } },
      strict: true,
    });
    const email = Email.safeParse(values.email ?? '');
    if (!email.success) throw new UsageError('--email must be an email address');
    const name = values.name?.trim();
    if (!values.reset && !name) throw new UsageError('--name is required');
    if (values.password !== undefined && !Password.safeParse(values.password).success) throw new UsageError('--password must be 8 to 200 characters');
    const password = values.password ?? randomBytes(12).toString('base64url');
    const passwordHash = await hash(password);
    const handle = createDb(url, { max: 2 });
    try {
      const outcome = await handle.db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email.data));
        if (existing && !values.reset) return { refused: true as const };
        if (existing) {
          await tx
            .update(users)
            .set({ role: 'admin', passwordHash, passwordChangedAt: new Date(), deactivatedAt: null, ...(name ? { name } : {}) })
            .where(eq(users.id, existing.id));
          // An admin is admin everywhere: scoped grants of an earlier role would only confuse the user list.
          await tx.delete(roleGrants).where(eq(roleGrants.userId, existing.id));
          await tx.delete(sessions).where(eq(sessions.userId, existing.id));
          await appendAudit(tx, {
            actorId: null,
            actorRole: 'system',
            action: 'user.admin_reset',
            entityType: 'user',
            entityId: existing.id,
            before: { role: existing.role },
            after: { role: 'admin' },
          });
          return { refused: false as const, id: existing.id, reset: true };
        }
        const [row] = await tx.insert(users).values({ email: email.data, name: name!, passwordHash, role: 'admin' }).returning({ id: users.id });
        await appendAudit(tx, {
          actorId: null,
          actorRole: 'system',
          action: 'user.admin_created',
          entityType: 'user',
          entityId: row!.id,
          after: { role: 'admin' },
        });
        return { refused: false as const, id: row!.id, reset: false };
      });
      if (outcome.refused) throw new UsageError(`${email.data} already has an account; add --reset to make it an admin with a new password`);
      await sealAllAudit(handle.db);
      console.log(`${outcome.reset ? 'Reset' : 'Created'} admin ${email.data} (${outcome.id}).`);
      if (values.password === undefined) console.log(`Password: ${password}\nSign in and change it (Account → password).`);
    } finally {
      await handle.close();
    }
  },
  /**
   * After Redis lost its data (restored, failed over without persistence, flushed): hands the outbox rows published
   * since --since back to the relay, which queues them again. Jobs keep their ids (a job Redis still holds is not added
   * twice) and the processors are idempotent (dispatch happens once, notifications are deduplicated).
   */
  async 'republish-outbox'(url: string) {
    const at = process.argv.indexOf('--since');
    const since = at > 0 ? process.argv[at + 1] : undefined;
    if (!since || Number.isNaN(Date.parse(since))) {
      throw new Error('Usage: cli.ts republish-outbox --since <time, e.g. 2026-11-26T03:00:00Z> (the last moment Redis is known to have kept)');
    }
    const handle = createDb(url, { max: 1 });
    try {
      const rows = await handle.sql`
        update outbox set published_at = null where published_at >= ${new Date(since).toISOString()}::timestamptz and refused_at is null returning id`;
      console.log(`${rows.length} outbox rows handed back to the relay: a running worker queues them again within a second.`);
    } finally {
      await handle.close();
    }
  },
  /** Migrations and reference data only (main does both before any command): the deploy step before new API instances. */
  async migrate() {
    console.log('Database migrated; reference data current.');
  },
} as const;

/** A mistake in the command line: said plainly, exit code 64 (EX_USAGE). */
class UsageError extends Error {}

async function main() {
  const command = process.argv[2] as keyof typeof COMMANDS | undefined;
  if (!command || !Object.hasOwn(COMMANDS, command)) {
    console.error(`Usage: cli.ts <${Object.keys(COMMANDS).join(' | ')}>`);
    process.exit(64);
  }
  // Operator commands sign no cookies: production's SESSION_SECRET requirement is the server's, not theirs.
  const config = loadConfig({ ...process.env, SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('hex') });
  // Without DATABASE_URL: the embedded database of `npm start` (stop the server first: PGlite is single-process).
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(resolve(config.dataDir, 'pglite'), 2);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    await prepareDatabase(url, { demo: false, exclusive: !embedded });
    await COMMANDS[command](url, process.argv.slice(3));
  } finally {
    await embedded?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 64 : 1);
  });
}
