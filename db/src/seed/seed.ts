import { hash } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit-chain.ts';
import type { Database, Executor } from '../client.ts';
import * as t from '../schema/index.ts';
import { DEMO_PASSWORD } from './data/accounts.ts';
import { REFERENCE_MEETING } from './data/reference-meeting.ts';
import { clock, type SeedContext } from './entities/context.ts';
import { seedHeldElsewhere, seedReferenceDecisions } from './entities/decisions.ts';
import { seedPlannedMeetings, seedReferenceMeeting } from './entities/meetings.ts';
import { seedOrganizations } from './entities/organizations.ts';
import { seedReferenceProposals } from './entities/proposals.ts';
import { seedBuildingsAndCameras, seedHelpers, seedInspectors } from './entities/registries.ts';
import { seedGrants, seedUsers } from './entities/users.ts';
import { seedCarryOver } from './carry-over.ts';
import { ALMATY_DISTRICTS, CATEGORY_ROUTING, ROUTE_OVERRIDES, SERVICES } from './reference-data.ts';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './data/accounts.ts';

/** Reference data (districts, services, categories, routing): safe to run on every start. */
export async function seedReferenceData(db: Executor): Promise<void> {
  await db
    .insert(t.districts)
    .values(ALMATY_DISTRICTS.map((d, i) => ({ slug: d.slug, nameRu: d.ru, nameKk: d.kk, nameEn: d.en, sortOrder: i })))
    .onConflictDoNothing();
  await db
    .insert(t.services)
    .values(SERVICES.map((s) => ({ code: s.code, nameRu: s.ru, nameKk: s.kk, nameEn: s.en })))
    .onConflictDoNothing();
  await db
    .insert(t.categories)
    .values(
      CATEGORY_ROUTING.map((c) => ({
        code: c.code,
        nameRu: c.ru,
        nameKk: c.kk,
        nameEn: c.en,
        defaultServiceCode: c.service,
        sensitive: c.sensitive ?? false,
      })),
    )
    .onConflictDoNothing();
  await db
    .insert(t.categoryRoutes)
    .values(ROUTE_OVERRIDES.map((r) => ({ districtSlug: r.districtSlug, categoryCode: r.category, serviceCode: r.service })))
    .onConflictDoNothing();
}

/**
 * The demo: organizations, the demo accounts and staff, the reference case (Auezov's first meeting of the campaign
 * with its proposals, decisions and instructions), meetings in every other district, and the registries (buildings,
 * cameras, inspectors, helpers) the decisions are measured by. The data lives in ./data, one function per entity in
 * ./entities; versions come from the status machines. Runs once: a second call finds the demo admin and does nothing.
 */
export async function seedDemo(database: Database, now = new Date()): Promise<boolean> {
  const [existing] = await database.select({ id: t.users.id }).from(t.users).where(eq(t.users.email, 'admin@demo.kz'));
  if (existing) return false;
  const passwordHash = await hash(DEMO_PASSWORD);

  await database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7340022)`);
    const orgs = await seedOrganizations(tx);
    const users = await seedUsers(tx, passwordHash);
    const ctx: SeedContext = {
      tx,
      now,
      at: clock(now),
      orgs,
      user: (email) => users.find((u) => u.email === email)!.id,
      org: (name) => orgs.find((o) => o.name === name)!,
    };
    await seedGrants(tx, ctx.user, ctx.org);
    const coordinator = ctx.user('coordinator@demo.kz');

    const meetingId = await seedReferenceMeeting(ctx, coordinator);
    const proposalIds = await seedReferenceProposals(ctx, meetingId, coordinator);
    await seedReferenceDecisions(ctx, meetingId, proposalIds, coordinator);
    await seedPlannedMeetings(ctx, coordinator);
    await seedHeldElsewhere(ctx, ctx.user('resident@demo.kz'), coordinator);

    const inspectors = await seedInspectors(ctx);
    await seedBuildingsAndCameras(ctx, inspectors, REFERENCE_MEETING.day);
    await seedHelpers(ctx, inspectors);

    await seedCarryOver(tx, now);
    await appendAudit(tx, {
      actorId: null,
      actorRole: 'system',
      action: 'demo.seeded',
      entityType: 'system',
      entityId: 'demo',
      after: { meetingId },
    });
  });
  return true;
}
