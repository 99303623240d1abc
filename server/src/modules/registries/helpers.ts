import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { districts, helperShifts, helpers, inspectorProfiles } from '@dsd/db/schema/index';
import { METRICS_OF, helperMachine, type HelperStatus } from '@dsd/shared/registries';
import { ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { iso } from '../../lib/dates.ts';
import { Conflict, FieldError, NotFound } from '../../lib/errors.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { checkTransition, expectOneRow } from '../../lib/transition.ts';
import { registryEntry } from './buildings.ts';
import { registryChanged } from './changed.ts';
import { mayKeepHelpers, mayReadHelpers } from './policy.ts';

type HelperRow = typeof helpers.$inferSelect;

/** The first day of the current month in Almaty, as a date string. */
function monthStart(now = new Date()): string {
  const local = new Date(now.getTime() + 5 * 3600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

export function createHelperService(deps: ChangeDeps) {
  const { db } = deps;

  async function getRow(id: string): Promise<HelperRow> {
    const [row] = await db.select().from(helpers).where(eq(helpers.id, id));
    if (!row) throw new NotFound('Helper');
    return row;
  }

  async function views(rows: HelperRow[]) {
    const totals = rows.length
      ? await db
          .select({
            helperId: helperShifts.helperId,
            n: sql<number>`count(*)::int`,
            hours: sql<number>`coalesce(sum(${helperShifts.hours}), 0)::float`,
          })
          .from(helperShifts)
          .where(
            inArray(
              helperShifts.helperId,
              rows.map((r) => r.id),
            ),
          )
          .groupBy(helperShifts.helperId)
      : [];
    return rows.map((h) => {
      const t = totals.find((x) => x.helperId === h.id);
      return {
        id: h.id,
        districtSlug: h.districtSlug,
        name: h.name,
        phone: h.phone,
        status: h.status,
        approvedAt: h.approvedAt,
        documentNumber: h.documentNumber,
        shifts: t?.n ?? 0,
        hours: t?.hours ?? 0,
        version: h.version,
        createdAt: iso(h.createdAt),
      };
    });
  }

  async function view(id: string) {
    return (await views([await getRow(id)]))[0]!;
  }

  return {
    /** Police of the district only: names and phones never leave this list. */
    async list(actor: Actor, q: { district?: string; status?: HelperStatus; limit: number; cursor?: string }) {
      if (!q.district) throw new FieldError('querystring.district', 'name the district', 'required');
      ensure(mayReadHelpers(actor, q.district), 'Helpers’ personal data is for the district’s police');
      const rows = await db
        .select()
        .from(helpers)
        .where(
          and(
            eq(helpers.districtSlug, q.district),
            q.status ? eq(helpers.status, q.status) : undefined,
            cursorCondition(q.cursor, helpers.createdAt, helpers.id),
          ),
        )
        .orderBy(...newestFirst(helpers.createdAt, helpers.id))
        .limit(q.limit + 1);
      const page = toPage(rows, q.limit, (r) => r);
      return { items: await views(page.items), nextCursor: page.nextCursor };
    },

    async create(actor: Actor, input: { districtSlug: string; name: string; phone: string; note?: string }) {
      const [district] = await db.select({ slug: districts.slug }).from(districts).where(eq(districts.slug, input.districtSlug));
      if (!district) throw new FieldError('body.districtSlug', 'unknown district', 'unknown_reference');
      ensure(mayKeepHelpers(actor, input.districtSlug), 'The district’s inspectors register its helpers');
      const row = await recordChanges(deps, actor, async (changes) => {
        const [row] = await changes.tx
          .insert(helpers)
          .values({ districtSlug: input.districtSlug, name: input.name, phone: input.phone, registeredBy: actor.id })
          .returning();
        // The audit log is readable by admins: it keeps who and what changed, not the helper's phone.
        changes.audit({
          action: 'helper.registered',
          entityType: 'helper',
          entityId: row!.id,
          after: { status: 'candidate', districtSlug: input.districtSlug },
        });
        await registryEntry(changes, actor, {
          districtSlug: input.districtSlug,
          entityType: 'helper',
          entityId: row!.id,
          kind: 'status',
          toStatus: 'candidate',
          note: input.note ?? null,
        });
        await registryChanged(changes, input.districtSlug, METRICS_OF.helpers, { kind: 'helper', id: row!.id });
        return row!;
      });
      return view(row.id);
    },

    /** Activation needs the akimat's approval: its date and document number. */
    async transition(
      actor: Actor,
      id: string,
      input: { to: HelperStatus; version: number; approvedAt?: string; documentNumber?: string; note?: string },
    ) {
      const row = await getRow(id);
      ensure(mayKeepHelpers(actor, row.districtSlug), 'The district’s inspectors keep its helpers');
      checkTransition('helper', helperMachine, row, input.to, input.version);
      const approvedAt = input.approvedAt ?? row.approvedAt;
      const documentNumber = input.documentNumber ?? row.documentNumber;
      if (input.to === 'active' && !approvedAt) throw new FieldError('body.approvedAt', 'activation needs the akimat’s approval date', 'required');
      if (input.to === 'active' && !documentNumber)
        throw new FieldError('body.documentNumber', 'activation needs the approval’s document number', 'required');
      await recordChanges(deps, actor, async (changes) => {
        const updated = expectOneRow(
          'helper',
          await changes.tx
            .update(helpers)
            .set({ status: input.to, approvedAt, documentNumber, version: sql`${helpers.version} + 1`, updatedAt: new Date() })
            .where(and(eq(helpers.id, id), eq(helpers.version, input.version)))
            .returning(),
        );
        changes.audit({
          action: `helper.${input.to}`,
          entityType: 'helper',
          entityId: id,
          before: { status: row.status, version: row.version },
          after: { status: updated.status, version: updated.version, approvedAt, documentNumber },
        });
        await registryEntry(changes, actor, {
          districtSlug: row.districtSlug,
          entityType: 'helper',
          entityId: id,
          kind: 'status',
          fromStatus: row.status,
          toStatus: input.to,
          note: input.note ?? null,
        });
        await registryChanged(changes, row.districtSlug, METRICS_OF.helpers, { kind: 'helper', id });
      });
      return view(id);
    },

    async addShift(actor: Actor, id: string, input: { date: string; hours: number; area: string; inspectorId?: string }) {
      const row = await getRow(id);
      ensure(mayKeepHelpers(actor, row.districtSlug), 'The district’s inspectors log its helpers’ shifts');
      if (row.status !== 'active') throw new Conflict(`Shifts are logged for active helpers; this one is ${row.status}`);
      let inspectorId = input.inspectorId ?? null;
      if (inspectorId) {
        const [p] = await db
          .select({ id: inspectorProfiles.id })
          .from(inspectorProfiles)
          .where(and(eq(inspectorProfiles.id, inspectorId), eq(inspectorProfiles.districtSlug, row.districtSlug)));
        if (!p) throw new FieldError('body.inspectorId', 'not an inspector of the helper’s district', 'unknown_reference');
      } else {
        const [own] = await db.select({ id: inspectorProfiles.id }).from(inspectorProfiles).where(eq(inspectorProfiles.userId, actor.id)).limit(1);
        inspectorId = own?.id ?? null;
      }
      const shift = await recordChanges(deps, actor, async (changes) => {
        const [shift] = await changes.tx
          .insert(helperShifts)
          .values({
            helperId: id,
            districtSlug: row.districtSlug,
            date: input.date,
            hours: input.hours,
            area: input.area,
            inspectorId,
            createdBy: actor.id,
          })
          .returning();
        changes.audit({
          action: 'helper.shift',
          entityType: 'helper',
          entityId: id,
          after: { shiftId: shift!.id, date: input.date, hours: input.hours },
        });
        await registryEntry(changes, actor, { districtSlug: row.districtSlug, entityType: 'helper', entityId: id, kind: 'shift', note: input.area });
        await registryChanged(changes, row.districtSlug, METRICS_OF.shifts, { kind: 'shift', id });
        return shift!;
      });
      return { id: shift.id, helperId: id, date: shift.date, hours: shift.hours, area: shift.area, inspectorId: shift.inspectorId };
    },

    /** What anyone may know: counts, never a name or a phone. */
    async counts(district: string) {
      const [status, shifts] = await Promise.all([
        db
          .select({ status: helpers.status, n: sql<number>`count(*)::int` })
          .from(helpers)
          .where(eq(helpers.districtSlug, district))
          .groupBy(helpers.status),
        db
          .select({ n: sql<number>`count(*)::int`, hours: sql<number>`coalesce(sum(${helperShifts.hours}), 0)::float` })
          .from(helperShifts)
          .where(and(eq(helperShifts.districtSlug, district), gte(helperShifts.date, monthStart()))),
      ]);
      return {
        active: status.find((s) => s.status === 'active')?.n ?? 0,
        candidates: status.find((s) => s.status === 'candidate')?.n ?? 0,
        shiftsThisMonth: shifts[0]?.n ?? 0,
        hoursThisMonth: shifts[0]?.hours ?? 0,
      };
    },
  };
}
