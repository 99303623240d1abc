import { eq } from 'drizzle-orm';
import { addressKey, type CameraKind, type CameraLocation, type CameraOwner, type HelperStatus, helperMachine } from '@dsd/shared/registries';
import * as t from '../../schema/index.ts';
import {
  AUEZOV_BUILDINGS,
  AUEZOV_CAMERAS_PER_BUILDING,
  AUEZOV_CHAT_SHARE,
  AUEZOV_HELPERS,
  AUEZOV_REPLACED_SINCE_MEETING,
  HELPER_NAMES,
  INSPECTORS,
  INSTALL_YEAR_WEIGHTS,
  OTHER_BUILDINGS_PER_ORGANIZATION,
  OTHER_CAMERAS_PER_BUILDING,
  OTHER_CHAT_SHARE,
  OTHER_DISTRICT_HELPERS,
  OTHER_DISTRICT_INSPECTORS,
  PATROL_AREAS,
  SHIFTS_PER_ACTIVE_HELPER,
} from '../data/registries.ts';
import { ORGANIZATIONS } from '../data/organizations.ts';
import { random, versionAt, type SeedContext } from './context.ts';

const LOCATIONS: CameraLocation[] = ['entrance', 'courtyard', 'playground', 'parking'];
const OWNERS: ReadonlyArray<[CameraOwner, number]> = [
  ['association', 6],
  ['city_network', 3],
  ['private', 1],
];
const OLD_KINDS: ReadonlyArray<[CameraKind, number]> = [
  ['analog', 5],
  ['dome', 2],
  ['ip', 2],
];

export async function seedInspectors(ctx: SeedContext) {
  const rows = [
    ...INSPECTORS,
    ...OTHER_DISTRICT_INSPECTORS.map((i, n) => ({
      district: i.district,
      name: i.name,
      rank: 'капитан полиции, старший участковый инспектор',
      precinctAddress: `${ORGANIZATIONS.find((o) => o.district === i.district)!.address}, участковый пункт полиции`,
      receptionHours: 'Вт, Чт 18:00–20:00',
      phone: `+7 727 300 20 ${String(10 + n).padStart(2, '0')}`,
      email: undefined,
    })),
  ];
  return ctx.tx
    .insert(t.inspectorProfiles)
    .values(
      rows.map((i) => ({
        districtSlug: i.district,
        name: i.name,
        rank: i.rank,
        precinctAddress: i.precinctAddress,
        receptionHours: i.receptionHours,
        phone: i.phone,
        userId: i.email ? ctx.user(i.email) : null,
      })),
    )
    .returning({ id: t.inspectorProfiles.id, districtSlug: t.inspectorProfiles.districtSlug });
}

/**
 * Buildings of every demo organization (dozens in Auezov, a few elsewhere), each in an inspector's area, some with the
 * inspector in the residents' chat, each with its cameras: mostly the 2013–2017 cohort; in Auezov twelve were replaced
 * since the reference meeting (a new IP camera in the same place).
 */
export async function seedBuildingsAndCameras(ctx: SeedContext, inspectors: ReadonlyArray<{ id: string; districtSlug: string }>, meetingDay: number) {
  const rnd = random(2024);
  const plan: Array<{ org: string; district: string; address: string; lat: number; lng: number; cameras: number; chatShare: number }> = [];
  for (const b of AUEZOV_BUILDINGS) {
    for (const [i, house] of b.houses.entries()) {
      plan.push({
        org: b.organization,
        district: 'auezov',
        address: `${b.street}, ${house}`,
        lat: b.lat + i * 0.0007,
        lng: b.lng + i * 0.0005,
        cameras: AUEZOV_CAMERAS_PER_BUILDING + rnd.int(-2, 2),
        chatShare: AUEZOV_CHAT_SHARE,
      });
    }
  }
  for (const o of ORGANIZATIONS.filter((o) => o.district !== 'auezov')) {
    const [street, number] = o.address.split(', ');
    for (let i = 0; i < OTHER_BUILDINGS_PER_ORGANIZATION; i++) {
      plan.push({
        org: o.name,
        district: o.district,
        address: `${street}, ${Number.parseInt(number ?? '1', 10) + i * 2}`,
        lat: 43.25 + rnd.next() * 0.05,
        lng: 76.9 + rnd.next() * 0.05,
        cameras: OTHER_CAMERAS_PER_BUILDING,
        chatShare: OTHER_CHAT_SHARE,
      });
    }
  }
  const areaOf = (district: string, n: number) => {
    const mine = inspectors.filter((i) => i.districtSlug === district);
    return mine[n % mine.length]?.id ?? null;
  };
  const buildingRows = await ctx.tx
    .insert(t.buildings)
    .values(
      plan.map((b, n) => {
        const joined = rnd.next() < b.chatShare;
        return {
          districtSlug: b.district,
          organizationId: ctx.org(b.org).id,
          address: b.address,
          addressKey: addressKey(b.address),
          lat: b.lat,
          lng: b.lng,
          entrances: rnd.int(2, 9),
          flats: rnd.int(40, 320),
          inspectorId: areaOf(b.district, n),
          chatJoined: joined,
          chatJoinedAt: joined ? ctx.at(-rnd.int(20, 400)) : null,
          createdAt: ctx.at(-60),
        };
      }),
    )
    .returning({ id: t.buildings.id, districtSlug: t.buildings.districtSlug });

  const cameraRows: Array<typeof t.cameras.$inferInsert> = [];
  let replacedLeft = AUEZOV_REPLACED_SINCE_MEETING;
  for (const [n, b] of buildingRows.entries()) {
    const taken = new Set<string>();
    let replacedHere = false;
    for (let c = 0; c < plan[n]!.cameras; c++) {
      let location: CameraLocation;
      let year: number;
      do {
        location = rnd.pick(LOCATIONS);
        year = rnd.weighted(INSTALL_YEAR_WEIGHTS);
      } while (taken.has(`${location}:${year}`));
      taken.add(`${location}:${year}`);
      const old = year <= 2017;
      // One replacement per building at most: the new camera takes this year's place at the same location.
      const replace = b.districtSlug === 'auezov' && old && !replacedHere && replacedLeft > 0 && rnd.next() < 0.35;
      const status = replace ? 'replaced' : rnd.next() < 0.12 ? 'faulty' : year <= 2014 && rnd.next() < 0.3 ? 'outdated' : 'working';
      const replacedAt = replace ? ctx.at(meetingDay + 10 + rnd.int(0, 28), 15) : null;
      cameraRows.push({
        buildingId: b.id,
        districtSlug: b.districtSlug,
        location,
        installYear: year,
        owner: rnd.weighted(OWNERS),
        kind: old ? rnd.weighted(OLD_KINDS) : 'ip',
        status,
        lastCheckedAt: replacedAt ?? ctx.at(-rnd.int(30, 200)),
        replacedAt,
        // A few of the chairs' reports still wait for the video-surveillance officer's confirmation.
        confirmedAt: (n * 7 + c) % 29 === 0 && !replace ? null : ctx.at(-55),
        createdAt: ctx.at(-60),
      });
      if (replace) {
        replacedHere = true;
        replacedLeft--;
        cameraRows.push({
          buildingId: b.id,
          districtSlug: b.districtSlug,
          location,
          installYear: ctx.now.getUTCFullYear(),
          owner: 'city_network',
          kind: 'ip_ai',
          status: 'working',
          lastCheckedAt: replacedAt,
          confirmedAt: replacedAt,
          createdAt: replacedAt!,
          // Filled in below once the old camera has its id.
          replacesId: null,
        });
      }
    }
  }
  const inserted = await ctx.tx.insert(t.cameras).values(cameraRows).returning({ id: t.cameras.id });
  // Link each replacement to the camera it replaced (the row just before it).
  const links = cameraRows.flatMap((row, i) => (row.status === 'replaced' ? [{ old: inserted[i]!.id, replacement: inserted[i + 1]!.id }] : []));
  for (const l of links) {
    await ctx.tx.update(t.cameras).set({ replacesId: l.old }).where(eqId(l.replacement));
  }
  if (replacedLeft > 0) throw new Error(`seed: ${replacedLeft} Auezov replacements did not fit`);
}

const eqId = (id: string) => eq(t.cameras.id, id);

/** Public police helpers by status (the akimat's approval on the active ones), with their recent shifts. */
export async function seedHelpers(ctx: SeedContext, inspectors: ReadonlyArray<{ id: string; districtSlug: string }>) {
  const rnd = random(77);
  const registeredBy = ctx.user('inspector@demo.kz');
  const plan: Array<{ district: string; status: HelperStatus; name: string }> = [];
  let n = 0;
  const name = () => HELPER_NAMES[n++ % HELPER_NAMES.length]!;
  for (const [status, count] of Object.entries(AUEZOV_HELPERS) as Array<[HelperStatus, number]>)
    for (let i = 0; i < count; i++) plan.push({ district: 'auezov', status, name: name() });
  for (const district of [...new Set(inspectors.map((i) => i.districtSlug))].filter((d) => d !== 'auezov'))
    for (const [status, count] of Object.entries(OTHER_DISTRICT_HELPERS) as Array<[HelperStatus, number]>)
      for (let i = 0; i < count; i++) plan.push({ district, status, name: name() });
  const rows = await ctx.tx
    .insert(t.helpers)
    .values(
      plan.map((h, i) => {
        const approved = h.status !== 'candidate';
        return {
          districtSlug: h.district,
          name: h.name,
          phone: `+7 701 555 ${String(1000 + i).slice(-4, -2)} ${String(1000 + i).slice(-2)}`,
          status: h.status,
          approvedAt: approved ? ctx.at(-rnd.int(30, 38)).toISOString().slice(0, 10) : null,
          documentNumber: approved ? `№ ${rnd.int(100, 999)}-ОП` : null,
          registeredBy,
          version: versionAt(helperMachine, 'candidate', h.status),
          createdAt: ctx.at(-40),
        };
      }),
    )
    .returning({ id: t.helpers.id, districtSlug: t.helpers.districtSlug, status: t.helpers.status });
  const shifts = rows
    .filter((h) => h.status === 'active')
    .flatMap((h) =>
      Array.from({ length: h.districtSlug === 'auezov' ? SHIFTS_PER_ACTIVE_HELPER : 1 }, () => ({
        helperId: h.id,
        districtSlug: h.districtSlug,
        date: ctx.at(-rnd.int(0, 29)).toISOString().slice(0, 10),
        hours: rnd.pick([2, 3, 4]),
        area: h.districtSlug === 'auezov' ? rnd.pick(PATROL_AREAS) : 'дворы микрорайона',
        inspectorId: rnd.pick(inspectors.filter((i) => i.districtSlug === h.districtSlug)).id,
        createdBy: registeredBy,
      })),
    );
  if (shifts.length) await ctx.tx.insert(t.helperShifts).values(shifts);
}
