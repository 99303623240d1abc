import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Name, ProgressBar, useCategoryName } from '../../components/bits.tsx';
import { Loading, QueryState } from '../../components/states.tsx';
import { useLive } from '../../lib/live.ts';
import { useDashboard } from './api.ts';
import { usePageTitle } from '../../components/page-title.ts';

const CityChart = lazy(() => import('./city-chart.tsx'));

export default function HomePage() {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  usePageTitle(t('home.heading'));
  const dashboard = useDashboard();
  const slugs = dashboard.data?.districts.map((d) => `district:${d.slug}`) ?? [];
  useLive(slugs);
  return (
    <>
      <h1>{t('home.heading')}</h1>
      <p className="lead">{t('app.tagline')}</p>
      <QueryState query={dashboard}>
        {(data) => (
          <>
            <ul className="cards" aria-label={t('home.heading')}>
              {data.districts.map((d) => {
                const topCategories = Object.entries(d.proposals.byCategory)
                  .sort((a, b) => b[1] - a[1])
                  .slice(0, 3);
                return (
                  <li key={d.slug} className="card">
                    <h2>
                      <Link to={`/districts/${d.slug}`}>
                        <Name name={d.name} />
                      </Link>
                    </h2>
                    <dl className="stats">
                      <div>
                        <dt>{t('home.meetingsHeld')}</dt>
                        <dd>{d.meetings.held + d.meetings.closed}</dd>
                      </div>
                      <div>
                        <dt>{t('home.meetingsPlanned')}</dt>
                        <dd>{d.meetings.planned}</dd>
                      </div>
                      <div>
                        <dt>{t('home.proposals')}</dt>
                        <dd>{d.proposals.total}</dd>
                      </div>
                      <div>
                        <dt>{t('home.openAssignments')}</dt>
                        <dd>{d.assignments.open}</dd>
                      </div>
                      <div className={d.assignments.overdue ? 'warn' : ''}>
                        <dt>{t('home.overdueAssignments')}</dt>
                        <dd>{d.assignments.overdue}</dd>
                      </div>
                    </dl>
                    {topCategories.length > 0 && (
                      <p className="chips">
                        {topCategories.map(([c, n]) => (
                          <span key={c} className="chip">
                            {categoryName(c)}: {n}
                          </span>
                        ))}
                      </p>
                    )}
                    <p className="muted small">{t('home.decisionsProgress')}</p>
                    <ProgressBar value={d.decisions.progress} label={t('home.decisionsProgress')} />
                  </li>
                );
              })}
            </ul>
            <section aria-labelledby="city-chart">
              <h2 id="city-chart">{t('home.cityChart')}</h2>
              <Suspense fallback={<Loading />}>
                <CityChart districts={data.districts} />
              </Suspense>
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}
