import { z } from 'zod';

/** An admin issues a key to a named partner app; the key itself is shown once, in this answer only. */
export const IssueOpen311KeyBody = z.strictObject({ partner: z.string().trim().min(2).max(120) });

export const Open311KeyView = z.object({
  id: z.uuid(),
  partner: z.string(),
  /** The key's first characters, to tell keys apart; never the key. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type Open311KeyView = z.infer<typeof Open311KeyView>;

export const IssuedOpen311Key = Open311KeyView.extend({ key: z.string() });

/** GeoReport v2 statuses: a request is open while the police can still act on it. */
export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type IssuedOpen311Key = z.infer<typeof IssuedOpen311Key>;
