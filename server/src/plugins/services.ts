import fp from 'fastify-plugin';
import { createAssignmentService, type AssignmentService } from '../modules/assignments/service.ts';
import { createCarryOverService, type CarryOverService } from '../modules/carry-over/service.ts';
import { createDashboardService } from '../modules/dashboard/service.ts';
import { createDecisionService, type DecisionService } from '../modules/decisions/service.ts';
import { createImportService, type ImportService } from '../modules/imports/service.ts';
import { createMeetingService, type MeetingService } from '../modules/meetings/service.ts';
import { createProposalService, type ProposalService } from '../modules/proposals/service.ts';
import { createRegistryServices, type RegistryServices } from '../modules/registries/service.ts';

export interface Services {
  meetings: MeetingService;
  proposals: ProposalService;
  decisions: DecisionService;
  assignments: AssignmentService;
  dashboard: ReturnType<typeof createDashboardService>;
  registries: RegistryServices;
  imports: ImportService;
  carryOver: CarryOverService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** Services are factories over narrow dependencies, so routes, the worker and tests share them. */
export default fp(
  async (app) => {
    const deps = { db: app.db, events: app.events };
    const registries = createRegistryServices(deps);
    const decisions = createDecisionService(deps);
    app.decorate('services', {
      meetings: createMeetingService(deps),
      proposals: createProposalService(deps),
      decisions,
      assignments: createAssignmentService(deps),
      dashboard: createDashboardService(deps),
      registries,
      imports: createImportService({ ...deps, services: { registries } }),
      carryOver: createCarryOverService({ ...deps, decisions }),
    });
  },
  { name: 'services', dependencies: ['db', 'redis'] },
);
