import { and, asc, desc, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@dsd/db/client';
import { buildings, cameras, inspectorProfiles, organizations, registryTimeline } from '@dsd/db/schema/index';
import { LIVE_CAMERA_STATUSES, METRICS_OF, addressKey, isDueForModernization, type CreateBuildingBody } from '@dsd/shared/registries';
import { ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps, type ChangeRecorder } from '../../lib/changes.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';
import { Conflict, FieldError, NotFound } from '../../lib/errors.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { checkVersion, expectOneRow } from '../../lib/transition.ts';
import { registryChanged } from './changed.ts';
import { inspectorCards } from './inspectors.ts';
import { mayEditBuilding, mayRecordChat } from './policy.ts';
import { cameraAgeYears } from './settings.ts';

type BuildingRow = typeof buildings.$inferSelect;
type CameraRow = typeof cameras.$inferSelect;

/** Public positions are rounded to about 100 m, as everywhere on the platform. */
const blur = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

export function toCameraView(c: CameraRow, buildingAddress: string, ageYears: number) {
  return {
    id: c.id,
    buildingId: c.buildingId,
    buildingAddress,
    districtSlug: c.districtSlug,
    location: c.location,
    installYear: c.installYear,
    owner: c.owner,
    kind: c.kind,
    status: c.status,
    dueForModernization: isDueForModernization(c, ageYears),
    lastCheckedAt: isoOrNull(c.lastCheckedAt),
    replacedAt: isoOrNull(c.replacedAt),
    replacesId: c.replacesId,
    confirmed: c.confirmedAt !== null,
    version: c.version,
    createdAt: iso(c.createdAt),
  };
}

/** One timeline entry of a registry record, in the change's transaction. */
export async function registryEntry(
  changes: ChangeRecorder,
  actor: Actor | null,
  entry: {
    districtSlug: string;
    entityType: string;
    entityId: string;
    kind: string;
    fromStatus?: string | null;
    toStatus?: string | null;
    note?: string | null;
  },
) {
  await changes.tx.insert(registryTimeline).values({ ...entry, authorId: actor?.id ?? null });
}

export async function findOrganization(db: Executor, idOrName: string) {
  const isId = /^[0-9a-f-]{36}$/i.test(idOrName);
  const [row] = await db
    .select({ id: organizations.id, name: organizations.name, districtSlug: organizations.districtSlug })
    .from(organizations)
    .where(isId ? eq(organizations.id, idOrName) : eq(organizations.name, idOrName.trim()));
  return row ?? null;
}

export function createBuildingService(deps: ChangeDeps) {
  const { db } = deps;

  async function getRow(id: string): Promise<BuildingRow> {
    const [row] = await db.select().from(buildings).where(eq(buildings.id, id));
    if (!row) throw new NotFound('Building');
    return row;
  }

  async function summaries(rows: BuildingRow[]) {
    const ids = rows.map((r) => r.id);
    const [orgs, counts] = ids.length
      ? await Promise.all([
          db
            .select({ id: organizations.id, name: organizations.name })
            .from(organizations)
            .where(inArray(organizations.id, [...new Set(rows.map((r) => r.organizationId))])),
          db
            .select({ buildingId: cameras.buildingId, n: sql<number>`count(*)::int` })
            .from(cameras)
            .where(and(inArray(cameras.buildingId, ids), inArray(cameras.status, [...LIVE_CAMERA_STATUSES])))
            .groupBy(cameras.buildingId),
        ])
      : [[], []];
    return rows.map((b) => ({
      id: b.id,
      districtSlug: b.districtSlug,
      organization: orgs.find((o) => o.id === b.organizationId)!,
      address: b.address,
      lat: blur(b.lat),
      lng: blur(b.lng),
      entrances: b.entrances,
      flats: b.flats,
      inspectorId: b.inspectorId,
      chat: { joined: b.chatJoined, joinedAt: isoOrNull(b.chatJoinedAt) },
      cameraCount: counts.find((c) => c.buildingId === b.id)?.n ?? 0,
      version: b.version,
      createdAt: iso(b.createdAt),
    }));
  }

  async function checkInspector(db: Executor, inspectorId: string | null | undefined, district: string) {
    if (!inspectorId) return;
    const [row] = await db
      .select({ id: inspectorProfiles.id })
      .from(inspectorProfiles)
      .where(and(eq(inspectorProfiles.id, inspectorId), eq(inspectorProfiles.districtSlug, district)));
    if (!row) throw new FieldError('body.inspectorId', 'not an inspector of the building’s district', 'unknown_reference');
  }

  async function detail(actor: Actor | null, id: string) {
    const row = await getRow(id);
    const [[summary], cameraRows, age, inspector] = await Promise.all([
      summaries([row]),
      db.select().from(cameras).where(eq(cameras.buildingId, id)).orderBy(asc(cameras.location), asc(cameras.installYear)),
      cameraAgeYears(db),
      row.inspectorId ? inspectorCards(db, eq(inspectorProfiles.id, row.inspectorId)) : Promise.resolve([]),
    ]);
    const history = await db
      .select()
      .from(registryTimeline)
      .where(inArray(registryTimeline.entityId, [id, ...cameraRows.map((c) => c.id)]))
      .orderBy(desc(registryTimeline.createdAt))
      .limit(30);
    return {
      ...summary!,
      cameras: cameraRows.map((c) => toCameraView(c, row.address, age.years)),
      history: history.map((h) => ({
        id: h.id,
        entityType: h.entityType,
        entityId: h.entityId,
        kind: h.kind,
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        note: h.note,
        createdAt: iso(h.createdAt),
      })),
      inspector: inspector[0] ?? null,
      canEdit: mayEditBuilding(actor, row),
    };
  }

  /** Inserts or (re-import) updates a building in an open transaction; returns what happened. */
  async function upsert(
    changes: ChangeRecorder,
    actor: Actor | null,
    org: { id: string; districtSlug: string },
    input: Omit<CreateBuildingBody, 'organizationId'>,
  ): Promise<{ row: BuildingRow; change: 'created' | 'updated' | 'unchanged' }> {
    const key = addressKey(input.address);
    const [existing] = await changes.tx
      .select()
      .from(buildings)
      .where(and(eq(buildings.organizationId, org.id), eq(buildings.addressKey, key)));
    const values = {
      address: input.address.trim(),
      entrances: input.entrances ?? existing?.entrances ?? null,
      flats: input.flats ?? existing?.flats ?? null,
      lat: input.lat ?? existing?.lat ?? null,
      lng: input.lng ?? existing?.lng ?? null,
      inspectorId: input.inspectorId === undefined ? (existing?.inspectorId ?? null) : input.inspectorId,
    };
    if (existing) {
      const same = (Object.keys(values) as Array<keyof typeof values>).every((k) => existing[k] === values[k]);
      if (same) return { row: existing, change: 'unchanged' };
      const [row] = await changes.tx
        .update(buildings)
        .set({ ...values, version: sql`${buildings.version} + 1`, updatedAt: new Date() })
        .where(eq(buildings.id, existing.id))
        .returning();
      changes.audit({ action: 'building.updated', entityType: 'building', entityId: existing.id, before: pick(existing), after: pick(row!) });
      await registryEntry(changes, actor, { districtSlug: org.districtSlug, entityType: 'building', entityId: existing.id, kind: 'updated' });
      return { row: row!, change: 'updated' };
    }
    const [row] = await changes.tx
      .insert(buildings)
      .values({ ...values, addressKey: key, organizationId: org.id, districtSlug: org.districtSlug })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Conflict('The organization already has a building at this address');
    changes.audit({ action: 'building.created', entityType: 'building', entityId: row.id, after: pick(row) });
    await registryEntry(changes, actor, { districtSlug: org.districtSlug, entityType: 'building', entityId: row.id, kind: 'created' });
    return { row, change: 'created' };
  }

  return {
    getRow,
    detail,
    upsert,

    async list(q: { district?: string; organization?: string; q?: string; limit: number; cursor?: string }) {
      const rows = await db
        .select()
        .from(buildings)
        .where(
          and(
            q.district ? eq(buildings.districtSlug, q.district) : undefined,
            q.organization ? eq(buildings.organizationId, q.organization) : undefined,
            q.q ? ilike(buildings.address, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
            cursorCondition(q.cursor, buildings.createdAt, buildings.id),
          ),
        )
        .orderBy(...newestFirst(buildings.createdAt, buildings.id))
        .limit(q.limit + 1);
      const page = toPage(rows, q.limit, (r) => r);
      return { items: await summaries(page.items), nextCursor: page.nextCursor };
    },

    async create(actor: Actor, input: CreateBuildingBody) {
      const org = await findOrganization(db, input.organizationId);
      if (!org) throw new FieldError('body.organizationId', 'unknown organization', 'unknown_reference');
      ensure(
        mayEditBuilding(actor, { districtSlug: org.districtSlug, organizationId: org.id }),
        'Chairs add their own organization’s buildings; coordinators their districts’',
      );
      await checkInspector(db, input.inspectorId, org.districtSlug);
      const key = addressKey(input.address);
      const [dup] = await db
        .select({ id: buildings.id })
        .from(buildings)
        .where(and(eq(buildings.organizationId, org.id), eq(buildings.addressKey, key)));
      if (dup) throw new Conflict('The organization already has a building at this address');
      const row = await recordChanges(deps, actor, async (changes) => {
        const { row } = await upsert(changes, actor, org, input);
        await registryChanged(changes, org.districtSlug, METRICS_OF.chats, { kind: 'building', id: row.id });
        return row;
      });
      return detail(actor, row.id);
    },

    async update(
      actor: Actor,
      id: string,
      input: Partial<{
        address: string;
        entrances: number | null;
        flats: number | null;
        lat: number | null;
        lng: number | null;
        inspectorId: string | null;
      }> & {
        version: number;
      },
    ) {
      const row = await getRow(id);
      ensure(mayEditBuilding(actor, row), 'This building belongs to another organization');
      checkVersion('building', row, input.version);
      await checkInspector(db, input.inspectorId, row.districtSlug);
      const { version, ...fields } = input;
      const set = { ...fields, ...(fields.address ? { address: fields.address.trim(), addressKey: addressKey(fields.address) } : {}) };
      await recordChanges(deps, actor, async (changes) => {
        const updated = await changes.tx
          .update(buildings)
          .set({ ...set, version: sql`${buildings.version} + 1`, updatedAt: new Date() })
          .where(and(eq(buildings.id, id), eq(buildings.version, version)))
          .returning()
          .catch((err: unknown) => {
            if ((err as { cause?: { code?: string } }).cause?.code === '23505' || (err as { code?: string }).code === '23505')
              throw new Conflict('The organization already has a building at this address');
            throw err;
          });
        const after = expectOneRow('building', updated);
        changes.audit({ action: 'building.updated', entityType: 'building', entityId: id, before: pick(row), after: pick(after) });
        await registryEntry(changes, actor, { districtSlug: row.districtSlug, entityType: 'building', entityId: id, kind: 'updated' });
        changes.live([`district:${row.districtSlug}`], { kind: 'registry.updated', id, districtSlug: row.districtSlug, status: 'building' });
      });
      return detail(actor, id);
    },

    /** Whether the area's inspector is in the residents' chat, recorded by the chair or the inspector. */
    async setChat(actor: Actor, id: string, input: { joined: boolean; joinedAt?: string }) {
      const row = await getRow(id);
      ensure(mayRecordChat(actor, row), 'The chair of the building’s organization or the district’s inspectors record its chat');
      const joinedAt = input.joined ? (input.joinedAt ? new Date(input.joinedAt) : (row.chatJoinedAt ?? new Date())) : null;
      await recordChanges(deps, actor, async (changes) => {
        await changes.tx
          .update(buildings)
          .set({ chatJoined: input.joined, chatJoinedAt: joinedAt, version: sql`${buildings.version} + 1`, updatedAt: new Date() })
          .where(eq(buildings.id, id));
        changes.audit({
          action: 'building.chat',
          entityType: 'building',
          entityId: id,
          before: { joined: row.chatJoined, joinedAt: row.chatJoinedAt },
          after: { joined: input.joined, joinedAt },
        });
        await registryEntry(changes, actor, {
          districtSlug: row.districtSlug,
          entityType: 'building',
          entityId: id,
          kind: 'chat',
          fromStatus: row.chatJoined ? 'joined' : 'not_joined',
          toStatus: input.joined ? 'joined' : 'not_joined',
        });
        await registryChanged(changes, row.districtSlug, METRICS_OF.chats, { kind: 'chat', id });
      });
      return detail(actor, id);
    },
  };
}

function pick(b: BuildingRow) {
  return { address: b.address, entrances: b.entrances, flats: b.flats, lat: b.lat, lng: b.lng, inspectorId: b.inspectorId, version: b.version };
}

export type BuildingService = ReturnType<typeof createBuildingService>;
