import type { ChangeDeps } from '../../lib/changes.ts';
import { createBuildingService } from './buildings.ts';
import { createCameraService } from './cameras.ts';
import { createHelperService } from './helpers.ts';
import { createInspectorService } from './inspectors.ts';
import { createSettingsService } from './settings.ts';

export function createRegistryServices(deps: ChangeDeps) {
  return {
    buildings: createBuildingService(deps),
    cameras: createCameraService(deps),
    helpers: createHelperService(deps),
    inspectors: createInspectorService(deps),
    settings: createSettingsService(deps),
  };
}

export type RegistryServices = ReturnType<typeof createRegistryServices>;
