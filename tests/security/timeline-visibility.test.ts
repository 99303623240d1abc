import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';

/**
 * An internal note on one service's assignment stays with that service, the district's coordinators and admins, on
 * every page that shows the timeline — including the decision page, which other services working the same decision
 * can read.
 */
let t: TestApp;
const NOTE = 'Служебно: источник — сосед из кв. 7, не разглашать';
let decisionId: string;
let inspectorsAssignment: string;
let patrolAssignment: string;

const SEES: Record<string, boolean> = {
  anonymous: false,
  'resident@demo.kz': false,
  'chair@demo.kz': false,
  'patrol@demo.kz': false,
  'migration@demo.kz': false,
  'inspector@demo.kz': true,
  'head@demo.kz': true,
  'coordinator@demo.kz': true,
  'admin@demo.kz': true,
};

beforeAll(async () => {
  t = await createTestApp();
  const coordinator = await t.login('coordinator@demo.kz');
  const meeting = await heldMeeting(t, coordinator);
  const decision = await createDecision(t, coordinator, meeting.id, {
    kind: 'instruction',
    category: 'foot_patrol',
    title: 'Совместные обходы дворов',
    services: ['district_inspectors', 'patrol'],
  });
  decisionId = decision.id;
  inspectorsAssignment = decision.assignments.find((a: { serviceCode: string }) => a.serviceCode === 'district_inspectors').id;
  patrolAssignment = decision.assignments.find((a: { serviceCode: string }) => a.serviceCode === 'patrol').id;
  const noted = await t.request({
    method: 'POST',
    url: `/api/v1/assignments/${inspectorsAssignment}/updates`,
    cookie: await t.login('inspector@demo.kz'),
    payload: { note: NOTE, visibility: 'internal' },
  });
  expect(noted.statusCode).toBe(201);
});
afterAll(async () => t?.close());

describe('internal timeline entries', () => {
  for (const [who, sees] of Object.entries(SEES)) {
    it(`${who} ${sees ? 'sees' : 'does not see'} the inspectors’ internal note, on the decision page and the assignment pages alike`, async () => {
      const cookie = who === 'anonymous' ? undefined : await t.login(who);
      const pages = [`/api/v1/decisions/${decisionId}`, `/api/v1/assignments/${inspectorsAssignment}`, `/api/v1/assignments/${patrolAssignment}`];
      const bodies = await Promise.all(pages.map(async (url) => (await t.request({ method: 'GET', url, cookie })).body));
      expect(bodies[0]!.includes(NOTE), `decision page as ${who}`).toBe(sees);
      expect(bodies[1]!.includes(NOTE), `inspectors' assignment as ${who}`).toBe(sees);
      // The other service's assignment never carries it, whoever reads.
      expect(bodies[2]).not.toContain(NOTE);
      if (!sees) for (const body of bodies.slice(0, 2)) expect(body).not.toContain('Ерлан Жумабеков');
    });
  }
});
