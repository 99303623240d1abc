import { and, asc, eq } from 'drizzle-orm';
import { roleGrants, users } from '@dsd/db/schema/index';
import type { Database } from '@dsd/db/client';
import type { Locale } from '@dsd/shared/enums';

const RANK: Record<Locale, string> = {
  ru: 'Участковый инспектор полиции',
  kk: 'Учаскелік полиция инспекторы',
  en: 'District police inspector',
};

/**
 * The neighbourhood team as police.uk lists it. For now: the officers of the district_inspectors service granted this
 * district, by name only (no e-mail or phone: those are police-only). The one place to switch to the inspectors'
 * public profiles (rank, bio, reception hours) once they exist.
 */
export async function neighbourhoodTeam(db: Database, district: string, locale: Locale) {
  const rows = await db
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(and(eq(users.role, 'officer'), eq(roleGrants.serviceCode, 'district_inspectors'), eq(roleGrants.districtSlug, district)))
    .orderBy(asc(users.name), asc(users.id))
    .limit(200);
  return rows.map((r) => ({ name: r.name, rank: RANK[locale], bio: null, contact_details: {} }));
}
