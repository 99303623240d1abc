import { eq } from 'drizzle-orm';
import type { Executor } from '@dsd/db/client';
import { registrySettings } from '@dsd/db/schema/index';
import { CAMERA_AGE_SETTING, DEFAULT_CAMERA_AGE_YEARS } from '@dsd/shared/registries';
import type { Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { iso } from '../../lib/dates.ts';

/** The cameras' age rule, read from the settings table (default 8 years). */
export async function cameraAgeYears(db: Executor): Promise<{ years: number; updatedAt: Date | null }> {
  const [row] = await db.select().from(registrySettings).where(eq(registrySettings.key, CAMERA_AGE_SETTING));
  const years = typeof row?.value === 'number' ? row.value : DEFAULT_CAMERA_AGE_YEARS;
  return { years, updatedAt: row?.updatedAt ?? null };
}

export function createSettingsService(deps: ChangeDeps) {
  return {
    async cameraAgeRule() {
      const rule = await cameraAgeYears(deps.db);
      return { years: rule.years, updatedAt: rule.updatedAt ? iso(rule.updatedAt) : null };
    },
    /** Admins change the rule; the change is audited like any other. */
    async setCameraAgeRule(actor: Actor, years: number) {
      const before = await cameraAgeYears(deps.db);
      await recordChanges(deps, actor, async (changes) => {
        await changes.tx
          .insert(registrySettings)
          .values({ key: CAMERA_AGE_SETTING, value: years, updatedBy: actor.id })
          .onConflictDoUpdate({ target: registrySettings.key, set: { value: years, updatedBy: actor.id, updatedAt: new Date() } });
        changes.audit({
          action: 'setting.updated',
          entityType: 'setting',
          entityId: CAMERA_AGE_SETTING,
          before: { years: before.years },
          after: { years },
        });
      });
      return this.cameraAgeRule();
    },
  };
}
