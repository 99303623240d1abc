import { and, inArray } from 'drizzle-orm';
import { buildings } from '@dsd/db/schema/index';
import { IMPORT_COLUMNS, type ImportError } from '@dsd/shared/imports';
import { METRICS_OF, addressKey } from '@dsd/shared/registries';
import { registryChanged } from '../../registries/changed.ts';
import { mayEditBuilding } from '../../registries/policy.ts';
import { registerImportKind, type ImportDeps, type RowChange } from '../kind.ts';
import { organizationsNamed, rowErrors, type OrgRef } from './common.ts';

interface BuildingRow {
  org: OrgRef;
  address: string;
  entrances?: number;
  flats?: number;
  lat?: number;
  lng?: number;
}

/** The stored buildings of these organizations, by natural key (organization + address). */
async function existing(deps: ImportDeps, rows: BuildingRow[]) {
  const orgIds = [...new Set(rows.map((r) => r.org.id))];
  const keys = [...new Set(rows.map((r) => addressKey(r.address)))];
  const found = orgIds.length
    ? await deps.db
        .select()
        .from(buildings)
        .where(and(inArray(buildings.organizationId, orgIds), inArray(buildings.addressKey, keys)))
    : [];
  return new Map(found.map((b) => [`${b.organizationId}|${b.addressKey}`, b]));
}

registerImportKind<BuildingRow>({
  kind: 'buildings',
  ...IMPORT_COLUMNS.buildings,

  async validate(deps, actor, records) {
    const orgOf = await organizationsNamed(
      deps,
      records.map((r) => r.values.organization ?? ''),
    );
    const errors: ImportError[] = [];
    const rows: Array<{ line: number; row: BuildingRow }> = [];
    const seen = new Map<string, number>();
    for (const { line, values } of records) {
      const e = rowErrors(line);
      const address = values.address?.trim() ?? '';
      if (!address) e.add('address', 'required');
      else if (address.length > 300) e.add('address', 'at most 300 characters');
      const org = values.organization ? orgOf(values.organization) : undefined;
      if (!values.organization) e.add('organization', 'required');
      else if (!org) e.add('organization', `unknown organization "${values.organization}"`);
      else if (!mayEditBuilding(actor, { districtSlug: org.districtSlug, organizationId: org.id }))
        e.add('organization', 'you may not edit this organization’s buildings');
      if (org && values.district !== org.districtSlug) e.add('district', `the organization is in "${org.districtSlug}"`);
      const entrances = e.int('entrances', values.entrances, 1, 100);
      const flats = e.int('flats', values.flats, 1, 5000);
      const lat = e.num('lat', values.lat, -90, 90);
      const lng = e.num('lng', values.lng, -180, 180);
      if ((values.lat ? 1 : 0) + (values.lng ? 1 : 0) === 1) e.add(values.lat ? 'lng' : 'lat', 'give both coordinates or neither');
      if (org && address) {
        const key = `${org.id}|${addressKey(address)}`;
        const first = seen.get(key);
        if (first) e.add('address', `the same building as line ${first}`);
        else seen.set(key, line);
      }
      if (e.errors.length) errors.push(...e.errors);
      else rows.push({ line, row: { org: org!, address, entrances, flats, lat, lng } });
    }
    return { rows, errors };
  },

  async preview(deps, rows) {
    const stored = await existing(deps, rows);
    return rows.map((r): RowChange => {
      const b = stored.get(`${r.org.id}|${addressKey(r.address)}`);
      if (!b) return 'created';
      const same =
        b.address === r.address &&
        (r.entrances ?? b.entrances) === b.entrances &&
        (r.flats ?? b.flats) === b.flats &&
        (r.lat ?? b.lat) === b.lat &&
        (r.lng ?? b.lng) === b.lng;
      return same ? 'unchanged' : 'updated';
    });
  },

  async apply(deps, changes, actor, rows) {
    const result: RowChange[] = [];
    for (const r of rows) {
      const { change } = await deps.services.registries.buildings.upsert(changes, actor, r.org, r);
      result.push(change);
    }
    for (const district of new Set(rows.map((r) => r.org.districtSlug)))
      await registryChanged(changes, district, METRICS_OF.chats, { kind: 'building', id: rows[0]!.org.id });
    return result;
  },
});
