import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AuditHead } from '@dsd/shared/audit';
import { DateTime, StatusBadge, TargetProgress, useCategoryName, useServiceName } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { api } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useMeeting } from './meeting-page.tsx';

/**
 * The meeting report as a printable page: the browser's print dialog saves it as PDF in one click (print CSS hides
 * the site around it); the server renders the same report as a PDF too.
 */
export default function MeetingReportPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const serviceName = useServiceName();
  const categoryName = useCategoryName();
  const meeting = useMeeting(id);
  // The head as of opening the report: it says which state of the log the printed figures belong to.
  const head = useQuery({ queryKey: [...queryKeys.audit, 'head', 'report', id], queryFn: () => api<AuditHead>('/audit/head'), staleTime: Infinity });
  usePageTitle(meeting.data ? `${t('meetingReport.title')}: ${meeting.data.title}` : null);
  return (
    <QueryState query={meeting}>
      {(m) => {
        const byType = new Map<string, string[]>();
        for (const a of m.attendees) byType.set(a.organization.type, [...(byType.get(a.organization.type) ?? []), a.organization.name]);
        return (
          <article className="report" data-testid="meeting-report">
            <p className="no-print">
              <Link to={`/meetings/${m.id}`}>← {t('meetingReport.back')}</Link>
            </p>
            <div className="report-actions no-print">
              <button type="button" onClick={() => window.print()}>
                {t('meetingReport.print')}
              </button>{' '}
              <a href={`/api/v1/meetings/${m.id}/report.pdf?lang=${i18n.language}`} download>
                {t('meetingReport.pdf')}
              </a>
            </div>
            <p className="report-kicker">{t('meetingReport.title')}</p>
            <h1>{m.title}</h1>
            <dl className="report-facts">
              <dt>{t('meetingReport.when')}</dt>
              <dd>
                <DateTime iso={m.startsAt} />
              </dd>
              <dt>{t('meeting.place')}</dt>
              <dd>{m.place}</dd>
              <dt>{t('meeting.format')}</dt>
              <dd>{t(`format.${m.format}`)}</dd>
              <dt>{t('meetingReport.status')}</dt>
              <dd>
                <StatusBadge entity="meeting" status={m.status} />
              </dd>
            </dl>
            {m.agenda && (
              <section>
                <h2>{t('meeting.agenda')}</h2>
                <p>{m.agenda}</p>
              </section>
            )}

            <section>
              <h2>{t('meetingReport.attendees')}</h2>
              {byType.size === 0 ? (
                <p>{t('meetingReport.none')}</p>
              ) : (
                <ul>
                  {[...byType].map(([type, names]) => (
                    <li key={type}>
                      <strong>
                        {t(`meetingReport.orgType.${type}`)} ({names.length}):
                      </strong>{' '}
                      {names.join('; ')}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section>
              <h2>{t('meetingReport.proposals')}</h2>
              {m.proposals.length === 0 ? (
                <p>{t('meetingReport.none')}</p>
              ) : (
                <ul>
                  {m.proposals.map((p) => (
                    <li key={p.id}>
                      <strong>{p.title}</strong> — {categoryName(p.category)} · <StatusBadge entity="proposal" status={p.status} /> ·{' '}
                      {t('meetingReport.supports')}: {p.supportCount}
                      {p.answer && <div className="report-note">{p.answer}</div>}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section>
              <h2>{t('meetingReport.decisions')}</h2>
              {m.decisions.length === 0 ? (
                <p>{t('meetingReport.none')}</p>
              ) : (
                <table className="report-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('meetingReport.decisions')}</th>
                      <th scope="col">{t('meetingReport.target')}</th>
                      <th scope="col">{t('meetingReport.services')}</th>
                      <th scope="col">{t('meetingReport.due')}</th>
                      <th scope="col">{t('meetingReport.progress')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.decisions.map((d) => (
                      <tr key={d.id}>
                        <td>
                          <span className="tag">{t(`kind.${d.kind}`)}</span> {d.title}
                        </td>
                        <td>{d.target ? <TargetProgress achieved={d.achieved} target={d.target} /> : '—'}</td>
                        <td>{d.services.map(serviceName).join(', ')}</td>
                        <td>
                          {d.dueAt ? <DateTime iso={d.dueAt} /> : '—'}
                          {d.overdue && <span className="badge badge-overdue"> {t('common.overdue')}</span>}
                        </td>
                        <td>
                          {d.progress}% <StatusBadge entity="decision" status={d.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section>
              <h2>{t('meetingReport.carried')}</h2>
              {m.carried.length === 0 ? (
                <p>{t('meetingReport.none')}</p>
              ) : (
                <ul>
                  {m.carried.map((c) => (
                    <li key={c.decisionId} data-testid="report-carried">
                      <strong>
                        {t(`kind.${c.kind}`)}: {c.title}
                      </strong>
                      <div className="report-note">
                        {t('meetingReport.promisedAt')}: {c.fromMeeting.title} (<DateTime iso={c.fromMeeting.startsAt} />) ·{' '}
                        {t('meetingReport.services')}: {c.services.map(serviceName).join(', ')}
                      </div>
                      <div className="report-note">
                        {t('meetingReport.due')}: {c.dueAt ? <DateTime iso={c.dueAt} /> : '—'}
                        {c.overdue && <span className="badge badge-overdue"> {t('common.overdue')}</span>} ·{' '}
                        <StatusBadge entity="decision" status={c.status} /> · {t('meetingReport.progress')}: {c.progress}%
                        {c.target && (
                          <>
                            {' · '}
                            <TargetProgress achieved={c.achieved} target={c.target} />
                          </>
                        )}
                      </div>
                      <div className="report-note">
                        →{' '}
                        {c.outcome ? (
                          <>
                            <strong>{t(`carryOver.status.${c.outcome.status}`)}</strong>
                            {c.outcome.newDueAt && (
                              <>
                                {', '}
                                {t('carryOver.newDue')}: <DateTime iso={c.outcome.newDueAt} />
                              </>
                            )}
                            {c.outcome.reason && <> — {c.outcome.reason}</>}
                          </>
                        ) : (
                          t('meetingReport.notRuled')
                        )}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('meetingReport.doneSince')}</h3>
              {m.doneSinceLastMeeting.length === 0 ? (
                <p>{t('meetingReport.none')}</p>
              ) : (
                <ul>
                  {m.doneSinceLastMeeting.map((d) => (
                    <li key={`${d.decisionId}-${d.serviceCode}`}>
                      <DateTime iso={d.doneAt} /> · {serviceName(d.serviceCode)} — {d.decisionTitle}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            {m.minutes && (
              <section>
                <h2>{t('meeting.minutes')}</h2>
                <p className="minutes">{m.minutes}</p>
              </section>
            )}

            <section className="report-audit" data-testid="report-audit">
              <h2>{t('meetingReport.auditHead')}</h2>
              {head.data && (
                <dl className="report-facts">
                  <dt>{t('meetingReport.auditSize')}</dt>
                  <dd>{head.data.size}</dd>
                  <dt>{t('meetingReport.auditHash')}</dt>
                  <dd>
                    <code className="hash">{head.data.hash}</code>
                  </dd>
                  <dt>{t('meetingReport.auditSealed')}</dt>
                  <dd>{head.data.sealedAt ? <DateTime iso={head.data.sealedAt} /> : '—'}</dd>
                  <dt>{t('meetingReport.generated')}</dt>
                  <dd>
                    <DateTime iso={new Date(head.dataUpdatedAt).toISOString()} />
                  </dd>
                </dl>
              )}
            </section>
          </article>
        );
      }}
    </QueryState>
  );
}
