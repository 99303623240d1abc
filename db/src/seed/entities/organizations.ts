import * as t from '../../schema/index.ts';
import type { Executor } from '../../client.ts';
import { ORGANIZATIONS } from '../data/organizations.ts';

export async function seedOrganizations(tx: Executor) {
  return tx
    .insert(t.organizations)
    .values(ORGANIZATIONS.map((o) => ({ type: o.type, name: o.name, districtSlug: o.district, address: o.address, buildings: [o.address] })))
    .returning({ id: t.organizations.id, name: t.organizations.name, districtSlug: t.organizations.districtSlug });
}
