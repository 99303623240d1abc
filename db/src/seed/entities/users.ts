import * as t from '../../schema/index.ts';
import type { Executor } from '../../client.ts';
import { ALMATY_DISTRICTS } from '../reference-data.ts';
import { DEMO_FOLLOWS, DEMO_GRANTS, DEMO_STAFF } from '../data/accounts.ts';

export async function seedUsers(tx: Executor, passwordHash: string) {
  return tx
    .insert(t.users)
    .values(DEMO_STAFF.map((u) => ({ email: u.email, name: u.name, role: u.role, passwordHash })))
    .returning({ id: t.users.id, email: t.users.email });
}

export async function seedGrants(tx: Executor, user: (email: string) => string, org: (name: string) => { id: string }) {
  const rows = DEMO_GRANTS.flatMap(
    (g): Array<typeof t.roleGrants.$inferInsert> =>
      g.districts === 'all'
        ? ALMATY_DISTRICTS.map((d) => ({ userId: user(g.email), districtSlug: d.slug }))
        : [
            {
              userId: user(g.email),
              districtSlug: g.district ?? null,
              serviceCode: g.service ?? null,
              organizationId: g.organization ? org(g.organization).id : null,
            },
          ],
  );
  await tx.insert(t.roleGrants).values(rows);
  await tx.insert(t.follows).values(DEMO_FOLLOWS.map((f) => ({ userId: user(f.email), targetType: 'district' as const, targetId: f.district })));
}
