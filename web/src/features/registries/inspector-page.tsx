import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { InspectorDetail } from '@dsd/shared/registries';
import { DateTime } from '../../components/bits.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import type { ApiError } from '../../lib/api.ts';
import { useSession } from '../auth/api.ts';
import { useInspector, useRegistryWrite } from './api.ts';
import { InspectorCardView } from './district-registries.tsx';

/** An inspector's public profile: card, area with each building's chat status, and chairs' approved feedback. */
export default function InspectorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const inspector = useInspector(id);
  const session = useSession();
  usePageTitle(inspector.data?.name ?? null);
  return (
    <QueryState query={inspector}>
      {(i) => {
        const user = session.data;
        const chairHere = user?.role === 'chair' && i.area.length > 0;
        const moderator = !!user && (user.role === 'admin' || (user.role === 'coordinator' && user.scope.districts.includes(i.districtSlug)));
        return (
          <>
            <h1>{i.name}</h1>
            <ul className="list">
              <InspectorCardView inspector={i} level={2} />
            </ul>
            <section aria-labelledby="area">
              <h2 id="area">{t('registries.inspectors.area')}</h2>
              <div className="table-scroll">
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">{t('registries.building.address')}</th>
                      <th scope="col">{t('registries.building.chat')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.area.map((b) => (
                      <tr key={b.id}>
                        <td>
                          <Link to={`/buildings/${b.id}`}>{b.address}</Link>
                        </td>
                        <td>{b.chatJoined ? <DateTime iso={b.joinedAt} /> : t('registries.building.chatNot')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <Feedback inspector={i} moderator={moderator} />
            {chairHere && <FeedbackForm inspectorId={i.id} />}
          </>
        );
      }}
    </QueryState>
  );
}

function Feedback({ inspector, moderator }: { inspector: InspectorDetail; moderator: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const moderate = useRegistryWrite<{ _id: string; status: 'approved' | 'rejected' }>((b) => `/inspector-feedback/${b._id}/moderation`);
  return (
    <section aria-labelledby="feedback">
      <h2 id="feedback">{t('registries.inspectors.feedback')}</h2>
      {inspector.feedback.length === 0 ? (
        <p className="muted">{t('common.empty')}</p>
      ) : (
        <ul className="list">
          {inspector.feedback.map((f) => (
            <li key={f.id} className="item" data-testid="feedback">
              <p className="meta">
                <span className="tag">{t(`registries.feedbackKind.${f.kind}`)}</span> {f.organization} · <DateTime iso={f.createdAt} />
                {f.status !== 'approved' && <span className="badge">{t(`registries.feedbackStatus.${f.status}`)}</span>}
              </p>
              <p>{f.body}</p>
              {moderator && f.status === 'pending' && (
                <div className="actions">
                  {(['approved', 'rejected'] as const).map((status) => (
                    <button
                      key={status}
                      type="button"
                      className="secondary small"
                      disabled={moderate.isPending}
                      onClick={() => moderate.mutate({ _id: f.id, status }, { onSuccess: () => toast(t('registries.saved')) })}
                    >
                      {t(`registries.feedbackAction.${status}`)}
                    </button>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FeedbackForm({ inspectorId }: { inspectorId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [form, setForm] = useState({ kind: 'commendation', body: '' });
  const send = useRegistryWrite<{ _id: string; kind: string; body: string }>((b) => `/inspectors/${b._id}/feedback`);
  const err = send.error as ApiError | null;
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate(
          { _id: inspectorId, ...form },
          {
            onSuccess: () => {
              setForm({ ...form, body: '' });
              toast(t('registries.inspectors.feedbackSent'));
            },
          },
        );
      }}
    >
      <h3>{t('registries.inspectors.leaveFeedback')}</h3>
      <label>
        {t('registries.inspectors.feedbackKind')}
        <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
          <option value="commendation">{t('registries.feedbackKind.commendation')}</option>
          <option value="feedback">{t('registries.feedbackKind.feedback')}</option>
        </select>
      </label>
      <label>
        {t('registries.inspectors.feedbackBody')}
        <textarea required maxLength={2000} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} />
      </label>
      {err && (
        <p className="error" role="alert">
          {err.message}
        </p>
      )}
      <button type="submit" disabled={send.isPending}>
        {t('registries.inspectors.send')}
      </button>
    </form>
  );
}
