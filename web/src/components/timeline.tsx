import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '@dsd/shared/updates';
import { useSession } from '../features/auth/api.ts';
import { DateTime, StatusBadge } from './bits.tsx';
import { ModerationControl, moderates } from './moderation.tsx';
import { useServiceName } from './bits.tsx';

/** A decision's or assignment's timeline; the district's coordinators can hide an entry with a reason. */
export function Timeline({ entries, district, queryKey }: { entries: TimelineEntry[]; district: string; queryKey: readonly unknown[] }) {
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const qc = useQueryClient();
  const session = useSession();
  const canModerate = moderates(session.data, district);
  return (
    <ol className="timeline">
      {entries.map((u) => (
        <li key={u.id} className={u.hidden ? 'hidden-entry' : undefined} data-testid="timeline-entry">
          <DateTime iso={u.createdAt} /> {u.serviceCode && <span className="tag">{serviceName(u.serviceCode)}</span>}{' '}
          {u.kind === 'carry_over' && u.toStatus ? (
            <span className={`badge badge-carry-${u.toStatus}`}>{t(`carryOver.status.${u.toStatus}`)}</span>
          ) : (
            u.toStatus && <StatusBadge entity={u.assignmentId ? 'assignment' : 'decision'} status={u.toStatus} />
          )}{' '}
          {u.progress !== null && <span>{u.progress}%</span>} {u.note && <span>— {u.note}</span>}
          {u.evidenceUrl && (
            <a href={u.evidenceUrl} rel="noreferrer noopener" target="_blank">
              {' '}
              {t('assignment.evidence')}
            </a>
          )}{' '}
          {u.visibility === 'internal' && <span className="tag">{t('assignment.internal')}</span>}
          {u.hidden && (
            <span className="tag tag-hidden">
              {t('moderation.hidden')}
              {u.hiddenReason ? `: ${u.hiddenReason}` : ''}
            </span>
          )}{' '}
          {canModerate && (u.note || u.evidenceUrl) && (
            <ModerationControl path={`/updates/${u.id}/moderation`} hidden={u.hidden} onDone={() => qc.invalidateQueries({ queryKey })} />
          )}
        </li>
      ))}
    </ol>
  );
}
