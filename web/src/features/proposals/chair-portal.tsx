import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AssignmentView } from '@dsd/shared/assignments';
import { StatusBadge, useDistrictName, useServiceName } from '../../components/bits.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryState } from '../../components/states.tsx';
import { Result, useToast } from '../../components/toast.tsx';
import { api, qs } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { ChairRequestForm } from '../admin/components/chair-requests.tsx';
import { useSession } from '../auth/api.ts';
import { MoreButton } from '../../lib/paging.tsx';
import { useProposals } from './api/proposals.ts';
import { ProposalForm } from './components/proposal-form.tsx';
import { ProposalList } from './proposal-list.tsx';
import type { ProposalView } from '@dsd/shared/proposals';

const ALL_DISTRICTS_QUERY = {
  queryKey: queryKeys.districts,
  queryFn: () => api<{ items: Array<{ slug: string }> }>('/districts'),
  staleTime: Infinity,
};

/**
 * The author's own page: a chair's association (work awaiting the chair's confirmation first, then the form and the
 * association's proposals) or a resident's proposals (any district, the form first).
 */
export default function ChairPortal() {
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const session = useSession();
  const user = session.data;
  const org = user?.scope.organization;
  const resident = user?.role === 'resident';
  usePageTitle(resident ? t('portal.residentHeading') : t('portal.heading'));
  const mine = useProposals({ mine: true });
  const toast = useToast();
  const districtName = useDistrictName();
  const [sent, setSent] = useState<ProposalView | null>(null);
  const [params] = useSearchParams();
  const toConfirm = useQuery({
    queryKey: queryKeys.assignments({ mine: true, status: 'done' }),
    queryFn: () => api<{ items: AssignmentView[] }>(`/assignments${qs({ mine: 'true', status: 'done', limit: 100 })}`),
    enabled: !!org,
  });
  const districts = useQuery({ ...ALL_DISTRICTS_QUERY, enabled: resident });
  if (!session.isPending && !org && !resident) return <Link to="/login">{t('nav.login')}</Link>;
  const onSaved = (p: ProposalView) => {
    setSent(p);
    toast(t('portal.submitted'));
  };
  const residentDistrict = params.get('district') ?? user?.scope.districts[0] ?? 'auezov';
  return (
    <>
      <h1>{resident ? t('portal.residentHeading') : t('portal.heading')}</h1>
      {org && <p className="lead">{org.name}</p>}
      {org && (
        <section aria-labelledby="to-confirm">
          <h2 id="to-confirm">{t('portal.toConfirm')}</h2>
          <QueryState query={toConfirm} isEmpty={(d) => d.items.filter((a) => !a.confirmation).length === 0} empty={t('portal.nothingToConfirm')}>
            {(d) => (
              <ul className="list">
                {d.items
                  .filter((a) => !a.confirmation)
                  .map((a) => (
                    <li key={a.id} className="item" data-testid="to-confirm">
                      <Link to={`/assignments/${a.id}`}>{a.decisionTitle}</Link> <span className="tag">{serviceName(a.serviceCode)}</span>{' '}
                      <StatusBadge entity="assignment" status={a.status} />
                    </li>
                  ))}
              </ul>
            )}
          </QueryState>
        </section>
      )}
      {sent && (
        <Result testId="proposal-sent">
          {t('portal.sentTo', { district: districtName(sent.districtSlug) })} «{sent.title}».{' '}
          <Link to={`/proposals/${sent.id}`}>{t('portal.openSent')}</Link>
        </Result>
      )}
      {org && <ProposalForm district={org.districtSlug} onSaved={onSaved} />}
      {resident && <ChairRequestForm />}
      {resident && <ProposalForm district={residentDistrict} districts={(districts.data?.items ?? []).map((d) => d.slug)} onSaved={onSaved} />}
      <section aria-labelledby="my-proposals">
        <h2 id="my-proposals">{resident ? t('portal.residentMine') : t('portal.myProposals')}</h2>
        <QueryState query={mine} isEmpty={(d) => d.items.length === 0}>
          {(d) => <ProposalList items={d.items} />}
        </QueryState>
        <MoreButton list={mine} />
      </section>
    </>
  );
}
