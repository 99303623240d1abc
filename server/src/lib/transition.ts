import { canTransition, type StatusMachine } from '@dsd/shared/status-machines';
import { InvalidTransition, VersionConflict } from './errors.ts';

/**
 * The one check every status change goes through: the caller's version must be current and the machine must
 * allow the move. The write itself is conditional on the version too (see `expectOneRow`), so a race loses with 409.
 */
export function checkTransition<S extends string>(
  entity: string,
  machine: StatusMachine<S>,
  current: { status: S; version: number },
  to: S,
  expectedVersion: number,
): void {
  if (current.version !== expectedVersion) throw new VersionConflict(entity);
  if (!canTransition(machine, current.status, to)) throw new InvalidTransition(entity, current.status, to);
}

export function checkVersion(entity: string, current: { version: number }, expectedVersion: number): void {
  if (current.version !== expectedVersion) throw new VersionConflict(entity);
}

export function expectOneRow<T>(entity: string, rows: T[]): T {
  const [row] = rows;
  if (!row) throw new VersionConflict(entity);
  return row;
}
