import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { buildings, cameras, meetings } from '@dsd/db/schema/index';
import {
  LIVE_CAMERA_STATUSES,
  METRICS_OF,
  cameraMachine,
  isDueForModernization,
  type CameraKind,
  type CameraLocation,
  type CameraOwner,
  type CameraStatus,
  type CreateCameraBody,
} from '@dsd/shared/registries';
import { ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps, type ChangeRecorder } from '../../lib/changes.ts';
import { iso } from '../../lib/dates.ts';
import { Conflict, FieldError, NotFound } from '../../lib/errors.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { checkTransition, checkVersion, expectOneRow } from '../../lib/transition.ts';
import { registryEntry, toCameraView } from './buildings.ts';
import { registryChanged } from './changed.ts';
import { mayConfirmCamera, mayMoveCamera, mayReportCamera } from './policy.ts';
import { cameraAgeYears } from './settings.ts';

type CameraRow = typeof cameras.$inferSelect;
type BuildingRef = { id: string; districtSlug: string; organizationId: string; address: string };

export interface CameraInput {
  location: CameraLocation;
  installYear: number;
  owner: CameraOwner;
  kind: CameraKind;
  status: 'working' | 'faulty' | 'outdated';
  lastCheckedAt?: string;
}

export function createCameraService(deps: ChangeDeps) {
  const { db } = deps;

  async function getRow(id: string) {
    const [row] = await db
      .select({
        c: cameras,
        b: { id: buildings.id, districtSlug: buildings.districtSlug, organizationId: buildings.organizationId, address: buildings.address },
      })
      .from(cameras)
      .innerJoin(buildings, eq(buildings.id, cameras.buildingId))
      .where(eq(cameras.id, id));
    if (!row) throw new NotFound('Camera');
    return row;
  }

  async function view(id: string) {
    const [{ c, b }, age] = await Promise.all([getRow(id), cameraAgeYears(db)]);
    return toCameraView(c, b.address, age.years);
  }

  /** Registers or (re-import) updates the camera on the wall at (building, location, install year). */
  async function upsert(
    changes: ChangeRecorder,
    actor: Actor | null,
    building: BuildingRef,
    input: CameraInput,
  ): Promise<{ row: CameraRow; change: 'created' | 'updated' | 'unchanged' }> {
    const [existing] = await changes.tx
      .select()
      .from(cameras)
      .where(
        and(
          eq(cameras.buildingId, building.id),
          eq(cameras.location, input.location),
          eq(cameras.installYear, input.installYear),
          inArray(cameras.status, [...LIVE_CAMERA_STATUSES]),
        ),
      );
    if (existing) {
      if (existing.owner === input.owner && existing.kind === input.kind && existing.status === input.status)
        return { row: existing, change: 'unchanged' };
      if (existing.status !== input.status && !cameraMachine[existing.status].includes(input.status))
        throw new Conflict(`A camera cannot move from ${existing.status} to ${input.status}`);
      const [row] = await changes.tx
        .update(cameras)
        .set({ owner: input.owner, kind: input.kind, status: input.status, version: sql`${cameras.version} + 1`, updatedAt: new Date() })
        .where(eq(cameras.id, existing.id))
        .returning();
      changes.audit({
        action: 'camera.updated',
        entityType: 'camera',
        entityId: existing.id,
        before: { owner: existing.owner, kind: existing.kind, status: existing.status },
        after: { owner: row!.owner, kind: row!.kind, status: row!.status },
      });
      await registryEntry(changes, actor, {
        districtSlug: building.districtSlug,
        entityType: 'camera',
        entityId: existing.id,
        kind: 'updated',
        fromStatus: existing.status,
        toStatus: row!.status,
      });
      return { row: row!, change: 'updated' };
    }
    const [row] = await changes.tx
      .insert(cameras)
      .values({
        buildingId: building.id,
        districtSlug: building.districtSlug,
        location: input.location,
        installYear: input.installYear,
        owner: input.owner,
        kind: input.kind,
        status: input.status,
        lastCheckedAt: input.lastCheckedAt ? new Date(input.lastCheckedAt) : null,
        createdBy: actor?.id ?? null,
        // The police's own entries need no confirmation; a chair's report waits for a video-surveillance officer.
        ...(actor && actor.role !== 'chair' ? { confirmedAt: new Date(), confirmedBy: actor.id } : {}),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Conflict('This building already has a camera at this location from this year');
    changes.audit({ action: 'camera.created', entityType: 'camera', entityId: row.id, after: { ...input, buildingId: building.id } });
    await registryEntry(changes, actor, {
      districtSlug: building.districtSlug,
      entityType: 'camera',
      entityId: row.id,
      kind: 'created',
      toStatus: row.status,
    });
    return { row, change: 'created' };
  }

  return {
    view,
    upsert,

    async list(q: {
      district?: string;
      building?: string;
      status?: CameraStatus;
      installedFrom?: number;
      installedTo?: number;
      limit: number;
      cursor?: string;
    }) {
      const [rows, age] = await Promise.all([
        db
          .select({ c: cameras, address: buildings.address })
          .from(cameras)
          .innerJoin(buildings, eq(buildings.id, cameras.buildingId))
          .where(
            and(
              q.district ? eq(cameras.districtSlug, q.district) : undefined,
              q.building ? eq(cameras.buildingId, q.building) : undefined,
              q.status ? eq(cameras.status, q.status) : undefined,
              q.installedFrom ? gte(cameras.installYear, q.installedFrom) : undefined,
              q.installedTo ? lte(cameras.installYear, q.installedTo) : undefined,
              cursorCondition(q.cursor, cameras.createdAt, cameras.id),
            ),
          )
          .orderBy(...newestFirst(cameras.createdAt, cameras.id))
          .limit(q.limit + 1),
        cameraAgeYears(db),
      ]);
      const page = toPage(
        rows.map((r) => ({ ...r, createdAt: r.c.createdAt, id: r.c.id })),
        q.limit,
        (r) => toCameraView(r.c, r.address, age.years),
      );
      return page;
    },

    async create(actor: Actor, input: CreateCameraBody) {
      const [building] = await db
        .select({ id: buildings.id, districtSlug: buildings.districtSlug, organizationId: buildings.organizationId, address: buildings.address })
        .from(buildings)
        .where(eq(buildings.id, input.buildingId));
      if (!building) throw new FieldError('body.buildingId', 'unknown building', 'unknown_reference');
      ensure(mayReportCamera(actor, building), 'This building belongs to another organization');
      const row = await recordChanges(deps, actor, async (changes) => {
        const { row, change } = await upsert(changes, actor, building, input);
        if (change !== 'created') throw new Conflict('This building already has a camera at this location from this year');
        await registryChanged(changes, building.districtSlug, METRICS_OF.cameras, { kind: 'camera', id: row.id });
        return row;
      });
      return view(row.id);
    },

    /**
     * A status change under the one transition rule (version and machine, 409 otherwise). A replacement may name the
     * camera put up in its place: it joins the registry as working, and counts as modernization, not a new camera.
     */
    async transition(
      actor: Actor,
      id: string,
      input: { to: CameraStatus; note?: string; version: number; replacement?: { installYear: number; owner: CameraOwner; kind: CameraKind } },
    ) {
      const { c, b } = await getRow(id);
      ensure(mayMoveCamera(actor, b, input.to), 'Chairs report faults; video-surveillance officers record replacements');
      checkTransition('camera', cameraMachine, c, input.to, input.version);
      if (input.replacement && input.to !== 'replaced') throw new FieldError('body.replacement', 'only with to: replaced', 'invalid');
      const now = new Date();
      await recordChanges(deps, actor, async (changes) => {
        const updated = expectOneRow(
          'camera',
          await changes.tx
            .update(cameras)
            .set({
              status: input.to,
              replacedAt: input.to === 'replaced' ? now : c.replacedAt,
              lastCheckedAt: now,
              // An officer who moves a camera has seen it: a chair's report is confirmed by that.
              ...(actor.role !== 'chair' && !c.confirmedAt ? { confirmedAt: now, confirmedBy: actor.id } : {}),
              version: sql`${cameras.version} + 1`,
              updatedAt: now,
            })
            .where(and(eq(cameras.id, id), eq(cameras.version, input.version)))
            .returning(),
        );
        changes.audit({
          action: `camera.${input.to}`,
          entityType: 'camera',
          entityId: id,
          before: { status: c.status, version: c.version },
          after: { status: updated.status, version: updated.version },
        });
        await registryEntry(changes, actor, {
          districtSlug: c.districtSlug,
          entityType: 'camera',
          entityId: id,
          kind: 'status',
          fromStatus: c.status,
          toStatus: input.to,
          note: input.note ?? null,
        });
        if (input.replacement) {
          const [created] = await changes.tx
            .insert(cameras)
            .values({
              buildingId: c.buildingId,
              districtSlug: c.districtSlug,
              location: c.location,
              ...input.replacement,
              status: 'working',
              lastCheckedAt: now,
              replacesId: id,
              createdBy: actor.id,
              ...(actor.role !== 'chair' ? { confirmedAt: now, confirmedBy: actor.id } : {}),
            })
            .onConflictDoNothing()
            .returning();
          if (!created) throw new Conflict('This building already has a camera at this location from that year');
          changes.audit({ action: 'camera.created', entityType: 'camera', entityId: created.id, after: { ...input.replacement, replacesId: id } });
          await registryEntry(changes, actor, {
            districtSlug: c.districtSlug,
            entityType: 'camera',
            entityId: created.id,
            kind: 'created',
            toStatus: 'working',
          });
        }
        await registryChanged(changes, c.districtSlug, METRICS_OF.cameras, { kind: 'camera', id });
      });
      return view(id);
    },

    /** A video-surveillance officer (or the district's coordinator) confirms a camera a chair reported. */
    async confirm(actor: Actor, id: string, version: number) {
      const { c, b } = await getRow(id);
      ensure(mayConfirmCamera(actor, b), 'The district’s video-surveillance officers confirm cameras');
      checkVersion('camera', c, version);
      if (c.confirmedAt) throw new Conflict('The camera is already confirmed');
      await recordChanges(deps, actor, async (changes) => {
        expectOneRow(
          'camera',
          await changes.tx
            .update(cameras)
            .set({
              confirmedAt: new Date(),
              confirmedBy: actor.id,
              lastCheckedAt: new Date(),
              version: sql`${cameras.version} + 1`,
              updatedAt: new Date(),
            })
            .where(and(eq(cameras.id, id), eq(cameras.version, version)))
            .returning(),
        );
        changes.audit({
          action: 'camera.confirmed',
          entityType: 'camera',
          entityId: id,
          before: { confirmed: false, version },
          after: { confirmed: true, version: version + 1 },
        });
        await registryEntry(changes, actor, { districtSlug: c.districtSlug, entityType: 'camera', entityId: id, kind: 'confirmed' });
        changes.live([`district:${c.districtSlug}`], { kind: 'registry.updated', id, districtSlug: c.districtSlug, status: 'camera' });
      });
      return view(id);
    },

    /** A district's cameras in numbers, from one grouped read over the (district, status, install year) index. */
    async summary(district: string) {
      const [groups, age, [firstMeeting]] = await Promise.all([
        db
          .select({ year: cameras.installYear, status: cameras.status, n: sql<number>`count(*)::int` })
          .from(cameras)
          .where(eq(cameras.districtSlug, district))
          .groupBy(cameras.installYear, cameras.status),
        cameraAgeYears(db),
        // "Since the meeting": the district's first meeting that took place.
        db
          .select({ startsAt: meetings.startsAt })
          .from(meetings)
          .where(and(eq(meetings.districtSlug, district), inArray(meetings.status, ['held', 'closed'])))
          .orderBy(asc(meetings.startsAt))
          .limit(1),
      ]);
      const since = firstMeeting?.startsAt ?? null;
      const [replaced] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(cameras)
        .where(and(eq(cameras.districtSlug, district), since ? gte(cameras.replacedAt, since) : sql`${cameras.replacedAt} is not null`));
      const sum = (f: (g: (typeof groups)[number]) => boolean) => groups.filter(f).reduce((s, g) => s + g.n, 0);
      const live = (g: (typeof groups)[number]) => LIVE_CAMERA_STATUSES.includes(g.status);
      const due = (g: (typeof groups)[number]) => isDueForModernization({ installYear: g.year, status: g.status }, age.years);
      const years = [...new Set(groups.map((g) => g.year))].sort((a, b) => a - b);
      return {
        total: sum(live),
        working: sum((g) => g.status === 'working'),
        faulty: sum((g) => g.status === 'faulty'),
        outdated: sum((g) => g.status === 'outdated'),
        dueForModernization: sum(due),
        ageRuleYears: age.years,
        replacedSince: { date: since ? iso(since) : null, count: replaced?.n ?? 0 },
        byInstallYear: years.map((year) => {
          const mine = (f: (g: (typeof groups)[number]) => boolean) => sum((g) => g.year === year && f(g));
          return {
            year,
            count: mine(() => true),
            working: mine((g) => g.status === 'working' && !due(g)),
            outdated: mine(due),
            replaced: mine((g) => g.status === 'replaced'),
          };
        }),
      };
    },
  };
}

export type CameraService = ReturnType<typeof createCameraService>;
