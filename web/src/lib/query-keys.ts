import type { QueryKey } from '@tanstack/react-query';
import type { LiveEvent } from '@dsd/shared/live';

/**
 * Every query key of the client, in one place: features build their keys here, and live events are mapped here to
 * exactly the queries they make stale.
 */
export const queryKeys = {
  me: ['me'] as const,
  districts: ['districts'] as const,
  district: (slug: string) => ['district', slug] as const,
  dashboard: ['dashboard'] as const,
  services: ['services'] as const,
  organizations: (district: string) => ['organizations', district] as const,
  meetings: (district: string) => ['meetings', district] as const,
  meeting: (id: string) => ['meeting', id] as const,
  /** Under the meeting's key: whatever refreshes the meeting refreshes who attends it. */
  attendees: (meetingId: string) => ['meeting', meetingId, 'attendees'] as const,
  decisions: (district: string) => ['decisions', district] as const,
  decision: (id: string) => ['decision', id] as const,
  decisionCandidates: (district: string) => ['proposals', 'decision-candidates', district] as const,
  review: (district: string) => ['proposals', 'review', district] as const,
  updates: (district: string) => ['updates', district] as const,
  proposalsAll: ['proposals'] as const,
  proposals: (filters: Record<string, unknown>) => ['proposals', filters] as const,
  proposal: (id: string) => ['proposal', id] as const,
  assignmentsAll: ['assignments'] as const,
  assignments: (filters: Record<string, unknown>) => ['assignments', filters] as const,
  assignment: (id: string) => ['assignment', id] as const,
  /** Under the assignment's key: an assignment event refreshes its list of assignable officers too. */
  officers: (assignmentId: string) => ['assignment', assignmentId, 'officers'] as const,
  notificationsAll: ['notifications'] as const,
  notifications: ['notifications', 'list'] as const,
  unread: (userId: string | undefined) => ['notifications', 'unread', userId] as const,
  follows: ['follows'] as const,
  audit: ['audit'] as const,
  /** Buildings, cameras, helpers and inspectors of a district: a registry event refreshes them all. */
  registryAll: ['registry'] as const,
  registry: (district: string, part: string, filters?: Record<string, unknown>) =>
    ['registry', district, part, ...(filters ? [filters] : [])] as const,
  building: (id: string) => ['building', id] as const,
  inspector: (id: string) => ['registry', 'inspector', id] as const,
};

/** The queries one live event makes stale: the record on the channel, its lists and the public numbers it feeds. */
export function keysForLiveEvent(channel: string, event: Pick<LiveEvent, 'kind' | 'id' | 'districtSlug'>): QueryKey[] {
  const [type, channelId = ''] = channel.split(':');
  const keys: QueryKey[] = [];
  if (type === 'assignment') keys.push(queryKeys.assignment(channelId));
  if (type === 'decision') keys.push(queryKeys.decision(channelId));
  if (type === 'meeting') keys.push(queryKeys.meeting(channelId));
  if (type === 'proposal') keys.push(queryKeys.proposal(channelId));
  if (type === 'user') keys.push(queryKeys.notificationsAll);
  const district = event.districtSlug;
  const districtLists = (...lists: Array<(d: string) => QueryKey>) => {
    if (district) for (const list of lists) keys.push(list(district));
  };
  switch (event.kind) {
    case 'assignment.updated':
      keys.push(queryKeys.assignment(event.id), queryKeys.assignmentsAll, queryKeys.dashboard);
      districtLists(queryKeys.decisions, queryKeys.updates);
      break;
    case 'decision.created':
    case 'decision.updated':
      keys.push(queryKeys.decision(event.id), queryKeys.dashboard);
      districtLists(queryKeys.decisions, queryKeys.updates);
      break;
    case 'meeting.updated':
      keys.push(queryKeys.meeting(event.id), queryKeys.dashboard);
      districtLists(queryKeys.meetings);
      break;
    case 'proposal.created':
    case 'proposal.updated':
      keys.push(queryKeys.proposal(event.id), queryKeys.proposalsAll, queryKeys.dashboard);
      break;
    case 'notification.created':
      keys.push(queryKeys.notificationsAll);
      break;
    case 'timeline.updated':
      districtLists(queryKeys.updates);
      break;
    case 'registry.updated':
      keys.push(['building'], queryKeys.registryAll);
      break;
  }
  return keys;
}
