import { inArray, or } from 'drizzle-orm';
import { organizations } from '@dsd/db/schema/index';
import type { ImportError } from '@dsd/shared/imports';
import type { ImportDeps } from '../kind.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type OrgRef = { id: string; name: string; districtSlug: string };

/** Every organization the file names (by id or name), in one query. */
export async function organizationsNamed(deps: ImportDeps, refs: Iterable<string>): Promise<(ref: string) => OrgRef | undefined> {
  const all = [...new Set([...refs].filter(Boolean))];
  const ids = all.filter((r) => UUID.test(r));
  const names = all.filter((r) => !UUID.test(r));
  const rows =
    all.length === 0
      ? []
      : await deps.db
          .select({ id: organizations.id, name: organizations.name, districtSlug: organizations.districtSlug })
          .from(organizations)
          .where(or(ids.length ? inArray(organizations.id, ids) : undefined, names.length ? inArray(organizations.name, names) : undefined));
  return (ref) => rows.find((o) => (UUID.test(ref) ? o.id === ref.toLowerCase() : o.name === ref));
}

/** Collects one row's errors; the row counts as valid only when it has none. */
export function rowErrors(line: number) {
  const errors: ImportError[] = [];
  return {
    errors,
    add: (column: string | null, message: string) => errors.push({ line, column, message }),
    /** An optional whole number within bounds, or undefined for an empty cell. */
    int(column: string, raw: string | undefined, min: number, max: number): number | undefined {
      if (!raw) return undefined;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max) {
        errors.push({ line, column, message: `a whole number from ${min} to ${max}` });
        return undefined;
      }
      return n;
    },
    num(column: string, raw: string | undefined, min: number, max: number): number | undefined {
      if (!raw) return undefined;
      const n = Number(raw.replace(',', '.'));
      if (!Number.isFinite(n) || n < min || n > max) {
        errors.push({ line, column, message: `a number from ${min} to ${max}` });
        return undefined;
      }
      return n;
    },
    oneOf<T extends string>(column: string, raw: string | undefined, allowed: readonly T[], aliases: Record<string, T> = {}): T | undefined {
      const v = (raw ?? '').trim().toLowerCase();
      const found = (allowed as readonly string[]).includes(v) ? (v as T) : aliases[v];
      if (!found) errors.push({ line, column, message: `one of: ${allowed.join(', ')}` });
      return found;
    },
  };
}
