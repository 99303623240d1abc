import { z } from 'zod';
import { LocalizedName } from './enums.ts';

const counts = z.record(z.string(), z.number().int());
export const DistrictDashboard = z.object({
  slug: z.string(),
  name: LocalizedName,
  meetings: z.object({ planned: z.number(), held: z.number(), closed: z.number(), cancelled: z.number() }),
  proposals: z.object({ total: z.number(), byStatus: counts, byCategory: counts }),
  decisions: z.object({ total: z.number(), progress: z.number().int().min(0).max(100) }),
  assignments: z.object({ total: z.number(), open: z.number(), byStatus: counts, overdue: z.number(), disputed: z.number() }),
});
export type DistrictDashboard = z.infer<typeof DistrictDashboard>;
export const Dashboard = z.object({
  districts: z.array(DistrictDashboard),
  services: z.array(
    z.object({ code: z.string(), name: LocalizedName, open: z.number(), overdue: z.number(), disputed: z.number(), done: z.number() }),
  ),
});
export type Dashboard = z.infer<typeof Dashboard>;
