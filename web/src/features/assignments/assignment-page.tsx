import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AssignmentDetail } from '@dsd/shared/assignments';
import type { AssignmentStatus } from '@dsd/shared/status-machines';
import { DateTime, LiveIndicator, ProgressBar, StatusBadge, TargetProgress, useServiceName } from '../../components/bits.tsx';
import { ErrorState, QueryState } from '../../components/states.tsx';
import { Timeline } from '../../components/timeline.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { useLive } from '../../lib/live.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { Result, useToast } from '../../components/toast.tsx';
import { queryKeys } from '../../lib/query-keys.ts';
import { useAssignment, useRefreshAssignment } from './api/assignments.ts';
import { Staffing } from './components/staffing.tsx';
import { WorkPlace } from './components/work-place.tsx';

const ACTION_LABEL: Record<string, string> = {
  accepted: 'assignment.accept',
  in_progress: 'assignment.start',
  blocked: 'assignment.block',
  done: 'assignment.done',
  cancelled: 'assignment.cancel',
  reopened: 'assignment.reopen',
};

export default function AssignmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const query = useAssignment(id);
  usePageTitle(query.data ? `${serviceName(query.data.serviceCode)}: ${query.data.decisionTitle}` : null);
  const connected = useLive([`assignment:${id}`]);
  return (
    <QueryState query={query}>
      {(a) => (
        <>
          <p>
            <Link to={`/decisions/${a.decisionId}`}>← {a.decisionTitle}</Link>
          </p>
          <h1>
            {serviceName(a.serviceCode)}: {a.decisionTitle}
          </h1>
          <LiveIndicator connected={connected} />
          <AssignmentWork assignment={a} />
          <Staffing assignment={a} />
          <WorkPlace assignment={a} />
          <section>
            <h2>{t('decision.timeline')}</h2>
            <Timeline entries={a.timeline} district={a.districtSlug} queryKey={queryKeys.assignment(id)} />
          </section>
        </>
      )}
    </QueryState>
  );
}

/** The work panel: status, progress, the actions this user may take, the report form and the chair's confirmation. */
export function AssignmentWork({ assignment: a }: { assignment: AssignmentDetail }) {
  const { t } = useTranslation();
  const refresh = useRefreshAssignment();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [conflict, setConflict] = useState(false);
  const [moved, setMoved] = useState<string | null>(null);
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409) {
      setConflict(true);
      refresh(a);
    }
  };
  const transition = useMutation({
    mutationFn: (to: AssignmentStatus) =>
      api(`/assignments/${a.id}/transition`, { method: 'POST', body: { to, version: a.version, ...(to === 'blocked' ? { reason } : {}) } }),
    onSuccess: (_saved, to) => {
      setConflict(false);
      const text = t('assignment.movedTo', { status: t(`status.assignment.${to}`) });
      setMoved(text);
      toast(text);
      refresh(a);
    },
    onError,
  });
  return (
    <section className="panel" aria-label={t('assignment.report')}>
      <p className="meta">
        <StatusBadge entity="assignment" status={a.status} /> {a.overdue && <span className="badge badge-overdue">{t('common.overdue')}</span>}{' '}
        {a.dueAt && (
          <>
            {t('common.due')}: <DateTime iso={a.dueAt} />
          </>
        )}{' '}
        {a.officer && (
          <>
            · {t('assignment.officer')}: {a.officer.name}
          </>
        )}
      </p>
      {a.target && (
        <p data-testid="target">
          {t('decision.target')}: <TargetProgress achieved={a.contribution} target={a.target} />
        </p>
      )}
      <ProgressBar value={a.progress} />
      {a.blockedReason && <p className="notice">{a.blockedReason}</p>}
      {a.confidentialDetails?.map((c) => (
        <div key={c.proposalId} className="notice confidential">
          <h3>{t('proposal.confidential')}</h3>
          <p>{c.details}</p>
        </div>
      ))}
      {conflict && (
        <p className="notice error" role="alert">
          {t('common.conflict')}
        </p>
      )}
      {a.allowedTransitions.length > 0 && (
        <div className="actions">
          {a.allowedTransitions.includes('blocked') && (
            <label>
              {t('assignment.reason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          )}
          {a.allowedTransitions.map((to) => (
            <button
              key={to}
              type="button"
              className={to === 'cancelled' ? 'danger' : undefined}
              disabled={transition.isPending || (to === 'blocked' && !reason)}
              onClick={() => transition.mutate(to)}
            >
              {t(to === 'in_progress' && a.status === 'blocked' ? 'assignment.resume' : (ACTION_LABEL[to] ?? to))}
            </button>
          ))}
        </div>
      )}
      {moved && (
        <Result key={moved} testId="transition-result">
          {moved}
        </Result>
      )}
      {a.confirmedBy && (
        <p className="result" data-testid="confirmed-by">
          {t('assignment.confirmedBy', { by: a.confirmedBy.organization ?? t('roles.chair') })} <DateTime iso={a.confirmedBy.at} />
        </p>
      )}
      {!!transition.error && !conflict && <ErrorState error={transition.error} />}
      {['accepted', 'in_progress', 'blocked', 'reopened'].includes(a.status) && a.allowedTransitions.length > 0 && (
        <ReportForm assignment={a} onConflict={onError} />
      )}
      {a.canConfirm && <ConfirmForm assignment={a} onConflict={onError} />}
    </section>
  );
}

function ReportForm({ assignment: a, onConflict }: { assignment: AssignmentDetail; onConflict: (e: unknown) => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshAssignment();
  const toast = useToast();
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState(String(a.progress));
  const [contribution, setContribution] = useState(a.contribution === null ? '' : String(a.contribution));
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const report = useMutation({
    mutationFn: () =>
      api(`/assignments/${a.id}/updates`, {
        method: 'POST',
        body: {
          note,
          progress: Number(progress),
          ...(contribution !== '' ? { contribution: Number(contribution) } : {}),
          ...(evidenceUrl.trim() ? { evidenceUrl: evidenceUrl.trim() } : {}),
          visibility,
          version: a.version,
        },
      }),
    onSuccess: () => {
      setNote('');
      setEvidenceUrl('');
      toast(t('assignment.reported'));
      refresh(a);
    },
    onError: onConflict,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    report.mutate();
  };
  const err = report.error instanceof ApiError ? report.error : null;
  return (
    <form onSubmit={submit} className="form">
      <h3>{t('assignment.report')}</h3>
      <label>
        {t('assignment.note')}
        <textarea required value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={!!err?.fieldError('note')} />
      </label>
      {err?.fieldError('note') && <p className="field-error">{err.fieldError('note')}</p>}
      <label>
        {t('assignment.evidenceUrl')}
        <input
          type="url"
          inputMode="url"
          placeholder="https://"
          value={evidenceUrl}
          onChange={(e) => setEvidenceUrl(e.target.value)}
          aria-invalid={!!err?.fieldError('evidenceUrl')}
        />
      </label>
      {err?.fieldError('evidenceUrl') && <p className="field-error">{err.fieldError('evidenceUrl')}</p>}
      <div className="row">
        <label>
          {t('common.progress')} (%)
          <input type="number" min={0} max={100} value={progress} onChange={(e) => setProgress(e.target.value)} />
        </label>
        {a.target && (
          <label>
            {t('assignment.contribution')} ({t(`unit.${a.target.unit}`)})
            <input type="number" min={0} value={contribution} onChange={(e) => setContribution(e.target.value)} />
          </label>
        )}
        <label>
          {t('assignment.visibility')}
          <select value={visibility} onChange={(e) => setVisibility(e.target.value as 'public' | 'internal')}>
            <option value="public">{t('assignment.public')}</option>
            <option value="internal">{t('assignment.internal')}</option>
          </select>
        </label>
      </div>
      <button type="submit" disabled={report.isPending}>
        {t('common.submit')}
      </button>
      {!!report.error && !(err?.status === 409) && <ErrorState error={report.error} />}
    </form>
  );
}

function ConfirmForm({ assignment: a, onConflict }: { assignment: AssignmentDetail; onConflict: (e: unknown) => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshAssignment();
  const toast = useToast();
  const [comment, setComment] = useState('');
  const confirm = useMutation({
    mutationFn: (verdict: 'confirmed' | 'disputed') =>
      api(`/assignments/${a.id}/confirmation`, { method: 'POST', body: { verdict, version: a.version, ...(comment ? { comment } : {}) } }),
    onSuccess: (_saved, verdict) => {
      toast(verdict === 'confirmed' ? t('assignment.confirmedToast') : t('assignment.disputedToast'));
      refresh(a);
    },
    onError: onConflict,
  });
  return (
    <form className="form" onSubmit={(e) => e.preventDefault()}>
      <h3>{t('assignment.confirmTitle')}</h3>
      <label>
        {t('assignment.comment')}
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <div className="actions">
        <button type="button" onClick={() => confirm.mutate('confirmed')} disabled={confirm.isPending}>
          {t('assignment.confirm')}
        </button>
        <button type="button" className="danger" onClick={() => confirm.mutate('disputed')} disabled={confirm.isPending || !comment}>
          {t('assignment.dispute')}
        </button>
      </div>
      {!!confirm.error && <ErrorState error={confirm.error} />}
    </form>
  );
}
