import { and, inArray } from 'drizzle-orm';
import { buildings, cameras } from '@dsd/db/schema/index';
import { IMPORT_COLUMNS, type ImportError } from '@dsd/shared/imports';
import {
  CAMERA_KINDS,
  CAMERA_LOCATIONS,
  CAMERA_OWNERS,
  EARLIEST_INSTALL_YEAR,
  LIVE_CAMERA_STATUSES,
  METRICS_OF,
  addressKey,
  cameraMachine,
  type CameraKind,
  type CameraLocation,
  type CameraOwner,
} from '@dsd/shared/registries';
import { registryChanged } from '../../registries/changed.ts';
import { mayReportCamera } from '../../registries/policy.ts';
import { registerImportKind, type RowResult } from '../kind.ts';
import { organizationsNamed, rowErrors } from './common.ts';

interface CameraRow {
  building: { id: string; districtSlug: string; organizationId: string; address: string };
  location: CameraLocation;
  installYear: number;
  owner: CameraOwner;
  kind: CameraKind;
  status: 'working' | 'faulty' | 'outdated';
}

/** Spreadsheets from KSK/OSI say "KSK" or "OSI" for the association's own cameras. */
const OWNER_ALIASES: Record<string, CameraOwner> = { ksk: 'association', osi: 'association', 'ksk/osi': 'association', city: 'city_network' };

registerImportKind<CameraRow>({
  kind: 'cameras',
  ...IMPORT_COLUMNS.cameras,

  async validate(deps, actor, records) {
    const orgOf = await organizationsNamed(
      deps,
      records.map((r) => r.values.organization ?? ''),
    );
    const orgIds = [...new Set(records.map((r) => orgOf(r.values.organization ?? '')?.id).filter((id): id is string => !!id))];
    const known = orgIds.length
      ? await deps.db
          .select({
            id: buildings.id,
            districtSlug: buildings.districtSlug,
            organizationId: buildings.organizationId,
            address: buildings.address,
            key: buildings.addressKey,
          })
          .from(buildings)
          .where(inArray(buildings.organizationId, orgIds))
      : [];
    const year = new Date().getUTCFullYear();
    const errors: ImportError[] = [];
    const rows: Array<{ line: number; row: CameraRow }> = [];
    const seen = new Map<string, number>();
    for (const { line, values } of records) {
      const e = rowErrors(line);
      const org = values.organization ? orgOf(values.organization) : undefined;
      if (!org) e.add('organization', values.organization ? `unknown organization "${values.organization}"` : 'required');
      const building = org ? known.find((b) => b.organizationId === org.id && b.key === addressKey(values.building_address ?? '')) : undefined;
      if (org && !building) e.add('building_address', `the organization has no building "${values.building_address ?? ''}": import it first`);
      if (building && !mayReportCamera(actor, building)) e.add('organization', 'you may not edit this organization’s cameras');
      const location = e.oneOf('location', values.location, CAMERA_LOCATIONS);
      const installYear = values.install_year ? e.int('install_year', values.install_year, EARLIEST_INSTALL_YEAR, year) : undefined;
      if (!values.install_year) e.add('install_year', 'required');
      const owner = e.oneOf('owner', values.owner, CAMERA_OWNERS, OWNER_ALIASES);
      const kind = e.oneOf('kind', values.kind, CAMERA_KINDS);
      const status = values.status ? e.oneOf('status', values.status, ['working', 'faulty', 'outdated'] as const) : 'working';
      if (building && location && installYear) {
        const key = `${building.id}|${location}|${installYear}`;
        const first = seen.get(key);
        if (first) e.add('install_year', `the same camera as line ${first} (building, location and install year)`);
        else seen.set(key, line);
      }
      if (e.errors.length) errors.push(...e.errors);
      else
        rows.push({
          line,
          row: { building: building!, location: location!, installYear: installYear!, owner: owner!, kind: kind!, status: status! },
        });
    }
    return { rows, errors };
  },

  async preview(deps, rows) {
    const ids = [...new Set(rows.map((r) => r.building.id))];
    const stored = ids.length
      ? await deps.db
          .select()
          .from(cameras)
          .where(and(inArray(cameras.buildingId, ids), inArray(cameras.status, [...LIVE_CAMERA_STATUSES])))
      : [];
    return rows.map((r): RowResult => {
      const c = stored.find((s) => s.buildingId === r.building.id && s.location === r.location && s.installYear === r.installYear);
      if (!c) return 'created';
      if (c.status !== r.status && !cameraMachine[c.status].includes(r.status))
        return { column: 'status', message: `A camera cannot move from ${c.status} to ${r.status}` };
      return c.owner === r.owner && c.kind === r.kind && c.status === r.status ? 'unchanged' : 'updated';
    });
  },

  async apply(deps, changes, actor, rows) {
    const result: RowResult[] = [];
    for (const r of rows) {
      try {
        const { change } = await deps.services.registries.cameras.upsert(changes, actor, r.building, r);
        result.push(change);
      } catch (err) {
        // Refused before anything was written (a status the camera cannot move to): the row is reported, the rest applied.
        if ((err as { statusCode?: number }).statusCode !== 409) throw err;
        result.push({ column: 'status', message: (err as Error).message });
      }
    }
    for (const district of new Set(rows.map((r) => r.building.districtSlug)))
      await registryChanged(changes, district, METRICS_OF.cameras, { kind: 'camera', id: rows[0]!.building.id });
    return result;
  },
});
