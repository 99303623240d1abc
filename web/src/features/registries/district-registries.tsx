import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CameraSummary, InspectorCard } from '@dsd/shared/registries';
import { DateTime, ProgressBar } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { useCameraSummary, useDistrictInspectors, useHelperCounts } from './api.ts';

/** The campaign's registries on a district page: cameras by install year, helpers in numbers, inspectors' cards. */
export function DistrictRegistries({ slug }: { slug: string }) {
  return (
    <>
      <CamerasSection slug={slug} />
      <div className="columns">
        <HelpersSection slug={slug} />
        <InspectorsSection slug={slug} />
      </div>
    </>
  );
}

const COHORT = [2013, 2017] as const;

function CamerasSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const summary = useCameraSummary(slug);
  return (
    <section aria-labelledby="cameras" data-testid="cameras">
      <h2 id="cameras">{t('registries.cameras.heading')}</h2>
      <QueryState query={summary} isEmpty={(s) => s.byInstallYear.length === 0}>
        {(s) => {
          const cohort = s.byInstallYear.filter((y) => y.year >= COHORT[0] && y.year <= COHORT[1]);
          const cohortCount = cohort.reduce((n, y) => n + y.count, 0);
          const cohortDue = cohort.reduce((n, y) => n + y.outdated, 0);
          return (
            <>
              <dl className="stats">
                <Stat label={t('registries.cameras.total')} value={s.total} />
                <Stat label={t('registries.cameras.working')} value={s.working} />
                <Stat label={t('registries.cameras.faulty')} value={s.faulty} />
                <Stat label={t('registries.cameras.due')} value={s.dueForModernization} testId="cameras-due" />
              </dl>
              <p data-testid="cameras-cohort">
                <strong>{t('registries.cameras.cohort')}:</strong> {t('registries.cameras.cohortNote', { due: cohortDue, count: cohortCount })}
              </p>
              <p data-testid="cameras-replaced">
                {s.replacedSince.date ? (
                  <>
                    {t('registries.cameras.replacedSince')} <DateTime iso={s.replacedSince.date} />: <strong>{s.replacedSince.count}</strong>
                  </>
                ) : (
                  <>
                    {t('registries.cameras.replaced')}: <strong>{s.replacedSince.count}</strong>
                  </>
                )}
              </p>
              <p className="muted small">{t('registries.cameras.ageRule', { count: s.ageRuleYears })}</p>
              <YearChart summary={s} />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

/** A bar per install year (working, due for modernization, replaced), drawn as a table so every number is read out. */
function YearChart({ summary }: { summary: CameraSummary }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...summary.byInstallYear.map((y) => y.count));
  return (
    <table className="year-chart">
      <caption>{t('registries.cameras.chartTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('registries.cameras.year')}</th>
          <th scope="col">{t('registries.cameras.bars')}</th>
          <th scope="col">{t('registries.cameras.count')}</th>
        </tr>
      </thead>
      <tbody>
        {summary.byInstallYear.map((y) => {
          const other = y.count - y.working - y.outdated - y.replaced;
          const inCohort = y.year >= COHORT[0] && y.year <= COHORT[1];
          return (
            <tr key={y.year} className={inCohort ? 'cohort' : undefined}>
              <th scope="row">{y.year}</th>
              <td>
                <span className="yc-bars" aria-hidden="true" style={{ width: `${(100 * y.count) / max}%` }}>
                  <span className="yc-bar yc-working" style={{ flexGrow: y.working }} />
                  <span className="yc-bar yc-due" style={{ flexGrow: y.outdated }} />
                  <span className="yc-bar yc-replaced" style={{ flexGrow: y.replaced }} />
                  <span className="yc-bar yc-other" style={{ flexGrow: Math.max(0, other) }} />
                </span>
                <span className="sr-only">
                  {t('registries.cameras.working')}: {y.working}, {t('registries.cameras.due')}: {y.outdated}, {t('registries.cameras.replaced')}:{' '}
                  {y.replaced}
                </span>
              </td>
              <td>{y.count}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={3} className="legend">
            <span className="yc-key yc-working" /> {t('registries.cameras.working')} <span className="yc-key yc-due" /> {t('registries.cameras.due')}{' '}
            <span className="yc-key yc-replaced" /> {t('registries.cameras.replaced')} <span className="yc-key yc-other" />{' '}
            {t('registries.cameras.faulty')}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function Stat({ label, value, testId }: { label: string; value: number | string; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function HelpersSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const counts = useHelperCounts(slug);
  return (
    <section aria-labelledby="helpers" data-testid="helpers">
      <h2 id="helpers">{t('registries.helpers.heading')}</h2>
      <QueryState query={counts}>
        {(c) => (
          <dl className="stats">
            <Stat label={t('registries.helpers.active')} value={c.active} testId="helpers-active" />
            <Stat label={t('registries.helpers.candidates')} value={c.candidates} />
            <Stat label={t('registries.helpers.shifts')} value={c.shiftsThisMonth} />
            <Stat label={t('registries.helpers.hours')} value={c.hoursThisMonth} />
          </dl>
        )}
      </QueryState>
    </section>
  );
}

function InspectorsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const inspectors = useDistrictInspectors(slug);
  return (
    <section aria-labelledby="inspectors" data-testid="inspectors">
      <h2 id="inspectors">{t('registries.inspectors.heading')}</h2>
      <QueryState query={inspectors} isEmpty={(x) => x.items.length === 0}>
        {(x) => (
          <>
            <p data-testid="district-coverage">{t('registries.inspectors.districtCoverage', { percent: x.coveragePercent })}</p>
            <ul className="list">
              {x.items.map((i) => (
                <InspectorCardView key={i.id} inspector={i} />
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  );
}

export function InspectorCardView({ inspector: i, level = 3 }: { inspector: InspectorCard; level?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <li className="item inspector-card" data-testid="inspector-card">
      <Heading>
        <Link to={`/inspectors/${i.id}`}>{i.name}</Link>
      </Heading>
      <p className="muted small">{i.rank}</p>
      <p>
        {t('registries.inspectors.precinct')}: {i.precinctAddress}
        <br />
        {t('registries.inspectors.reception')}: {i.receptionHours}
        <br />
        {t('registries.inspectors.phone')}: <a href={`tel:${i.phone.replace(/\s/g, '')}`}>{i.phone}</a>
      </p>
      <p>{t('registries.inspectors.coverage', { percent: i.coveragePercent, count: i.buildings })}</p>
      <ProgressBar value={i.coveragePercent} label={t('registries.inspectors.coverageLabel', { name: i.name })} />
    </li>
  );
}

export function BuildingLink({ id, address }: { id: string; address: string }) {
  return <Link to={`/buildings/${id}`}>{address}</Link>;
}
