import fp from 'fastify-plugin';
import { createAssignmentService, type AssignmentService } from '../modules/assignments/service.ts';
import { createCarryOverService, type CarryOverService } from '../modules/carry-over/service.ts';
import { createDashboardService } from '../modules/dashboard/service.ts';
import { createDecisionService, type DecisionService } from '../modules/decisions/service.ts';
import { createMeetingService, type MeetingService } from '../modules/meetings/service.ts';
import { createProposalService, type ProposalService } from '../modules/proposals/service.ts';

export interface Services {
  meetings: MeetingService;
  proposals: ProposalService;
  decisions: DecisionService;
  assignments: AssignmentService;
  dashboard: ReturnType<typeof createDashboardService>;
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
    const decisions = createDecisionService(deps);
    app.decorate('services', {
      meetings: createMeetingService(deps),
      proposals: createProposalService(deps),
      decisions,
      assignments: createAssignmentService(deps),
      dashboard: createDashboardService(deps),
      carryOver: createCarryOverService({ ...deps, decisions }),
    });
  },
  { name: 'services', dependencies: ['db', 'redis'] },
);
