import { loadUserActor } from '../../auth/service.ts';
import { createImportService } from '../../imports/service.ts';
import { createRegistryServices } from '../../registries/service.ts';
import type { ProcessorDeps } from './context.ts';

/** One uploaded file, applied as its author; a retried job skips or updates what an earlier attempt wrote. */
export async function runImport(deps: ProcessorDeps, jobId: string): Promise<void> {
  const changeDeps = { db: deps.db, events: deps.events };
  const imports = createImportService({ ...changeDeps, services: { registries: createRegistryServices(changeDeps) } });
  await imports.run(jobId, (userId) => loadUserActor(deps.db, userId));
}
