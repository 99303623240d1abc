import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDistrictName } from '../../components/bits.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryState } from '../../components/states.tsx';
import { ChairRequestList } from '../admin/components/chair-requests.tsx';
import { useSession } from '../auth/api.ts';
import { useDistrictMeetings } from '../districts/api.ts';
import { MoreButton } from '../../lib/paging.tsx';
import { MeetingPlanner } from './components/meeting-planner.tsx';
import { MeetingTools } from './components/meeting-tools.tsx';
import { ReviewList } from './components/review-list.tsx';

/** The coordinator's desk for one district at a time: plan meetings, run them, record decisions, review proposals. */
export default function CoordinatePage() {
  const { t } = useTranslation();
  usePageTitle(t('coordinate.heading'));
  const session = useSession();
  const districts = session.data?.scope.districts ?? [];
  const districtName = useDistrictName();
  const [district, setDistrict] = useState('auezov');
  const meetings = useDistrictMeetings(district);
  if (!session.isPending && !['coordinator', 'admin'].includes(session.data?.role ?? '')) return <Link to="/login">{t('nav.login')}</Link>;
  return (
    <>
      <h1>{t('coordinate.heading')}</h1>
      <label className="filters">
        {t('coordinate.district')}
        <select value={district} onChange={(e) => setDistrict(e.target.value)}>
          {districts.map((d) => (
            <option key={d} value={d}>
              {districtName(d)}
            </option>
          ))}
        </select>
      </label>
      <MeetingPlanner district={district} />
      <QueryState query={meetings} isEmpty={(d) => d.items.length === 0}>
        {(d) => (
          <ul className="list">
            {d.items.map((m) => (
              <MeetingTools key={m.id} meeting={m} />
            ))}
          </ul>
        )}
      </QueryState>
      <MoreButton list={meetings} />
      <ReviewList district={district} />
      <ChairRequestList district={district} />
    </>
  );
}
