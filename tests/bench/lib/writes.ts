import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

/** The proposal the bench creates through the API (P5) and inserts directly (its baseline). */
export const BENCH_PROPOSAL = {
  districtSlug: 'auezov',
  category: 'lighting',
  title: 'Бенчмарк: тёмный проход между домами',
  body: 'Проход к остановке не освещён, вечером там темно и небезопасно. Просим рассмотреть на встрече.',
} as const;

/**
 * P5's baseline: what a proposal create writes (server/src/modules/proposals/service.ts create and
 * server/src/lib/changes.ts: the proposal, its timeline entry, the audit row, the outbox row), as one transaction
 * per create from a bare postgres.js pool, `concurrency` at a time, for `seconds`.
 */
export async function measureBareCreates(
  databaseUrl: string,
  authorId: string,
  options: { concurrency: number; seconds: number; warmupSeconds: number },
): Promise<{ perSecond: number; transactions: number; seconds: number }> {
  const sql = postgres(databaseUrl, { max: options.concurrency, onnotice: () => {} });
  const create = () =>
    sql.begin(async (tx) => {
      const [row] = await tx`
        insert into proposals (district_slug, category, title, body, author_id, organization_id, meeting_id, address, lat, lng, confidential_details)
        values (${BENCH_PROPOSAL.districtSlug}, ${BENCH_PROPOSAL.category}, ${BENCH_PROPOSAL.title}, ${BENCH_PROPOSAL.body}, ${authorId},
          null, null, null, null, null, null)
        returning *`;
      await tx`insert into updates (author_id, kind, proposal_id, to_status) values (${authorId}, 'status', ${row!.id}, 'submitted')`;
      await tx`
        insert into audit_log (at, actor_id, actor_role, action, entity_type, entity_id, before, after)
        values (now(), ${authorId}, 'resident', 'proposal.created', 'proposal', ${row!.id}, null, ${sql.json(JSON.parse(JSON.stringify(row)))})`;
      await tx`insert into outbox (queue, name, payload) values ('notifications', 'notify', ${sql.json({ event: 'proposal.created', proposalId: row!.id })})`;
    });
  const drive = async (seconds: number) => {
    let transactions = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < until) {
          await create();
          transactions++;
        }
      }),
    );
    return transactions;
  };
  try {
    await drive(options.warmupSeconds);
    const started = performance.now();
    const transactions = await drive(options.seconds);
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: transactions / seconds, transactions, seconds };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
