import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_CAMERA_AGE_YEARS } from '@dsd/shared/registries';
import { DateTime, useDistrictName } from '../../components/bits.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import type { ApiError } from '../../lib/api.ts';
import { useLive } from '../../lib/live.ts';
import { useSession } from '../auth/api.ts';
import { MoreButton } from '../../lib/paging.tsx';
import { useBuildings, useCameraSummary, useCameras, useRegistryWrite } from './api.ts';
import { CameraTable } from './camera-table.tsx';
import { CsvImport } from './csv-import.tsx';
import { HelpersRoster } from './helpers-roster.tsx';

/**
 * Each keeper's registry tools: a chair's buildings, cameras and chat status; the video-surveillance officers' cameras
 * due for modernization; the inspectors' and helpers officers' roster of helpers; CSV imports for all of them.
 */
export default function RegistryPage() {
  const { t } = useTranslation();
  const session = useSession();
  const districtName = useDistrictName();
  usePageTitle(t('registries.tools.heading'));
  const user = session.data;
  const districts = user?.scope.districts ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const district = picked ?? user?.scope.organization?.districtSlug ?? districts[0] ?? 'auezov';
  useLive([`district:${district}`]);
  if (session.isPending) return null;
  if (!user || user.role === 'resident') return <p>{t('registries.tools.noAccess')}</p>;
  const org = user.scope.organization;
  const all = user.role === 'admin' || user.role === 'coordinator';
  const services = user.scope.services;
  const video = all || services.includes('video_surveillance');
  const helpers = all || services.includes('district_inspectors') || services.includes('public_helpers');
  return (
    <>
      <h1>{t('registries.tools.heading')}</h1>
      {org && <p className="lead">{org.name}</p>}
      {!org && (districts.length > 1 || user.role === 'admin') && (
        <label>
          {t('registries.tools.district')}
          <select value={district} onChange={(e) => setPicked(e.target.value)}>
            {(districts.length ? districts : ['alatau', 'almaly', 'auezov', 'bostandyk', 'zhetysu', 'medeu', 'nauryzbay', 'turksib']).map((d) => (
              <option key={d} value={d}>
                {districtName(d)}
              </option>
            ))}
          </select>
        </label>
      )}
      {org && <OrgBuildings organizationId={org.id} />}
      {video && <CamerasDue district={district} />}
      {helpers && <HelpersRoster district={district} />}
      <CsvImport />
    </>
  );
}

function OrgBuildings({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const buildings = useBuildings({ organization: organizationId });
  return (
    <section aria-labelledby="my-buildings">
      <h2 id="my-buildings">{t('registries.tools.buildings')}</h2>
      <QueryState query={buildings} isEmpty={(x) => x.items.length === 0}>
        {(x) => (
          <div className="table-scroll">
            <table className="data" data-testid="my-buildings">
              <thead>
                <tr>
                  <th scope="col">{t('registries.building.address')}</th>
                  <th scope="col">{t('registries.cameras.total')}</th>
                  <th scope="col">{t('registries.building.chat')}</th>
                </tr>
              </thead>
              <tbody>
                {x.items.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/buildings/${b.id}`}>{b.address}</Link>
                    </td>
                    <td>{b.cameraCount}</td>
                    <td>{b.chat.joined ? <DateTime iso={b.chat.joinedAt} /> : t('registries.building.chatNot')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <MoreButton list={buildings} />
      <AddBuilding organizationId={organizationId} />
    </section>
  );
}

function AddBuilding({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [form, setForm] = useState({ address: '', entrances: '', flats: '' });
  const add = useRegistryWrite<Record<string, unknown>>(() => '/buildings');
  const err = add.error as ApiError | null;
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          {
            organizationId,
            address: form.address,
            ...(form.entrances ? { entrances: Number(form.entrances) } : {}),
            ...(form.flats ? { flats: Number(form.flats) } : {}),
          },
          {
            onSuccess: () => {
              setForm({ address: '', entrances: '', flats: '' });
              toast(t('registries.saved'));
            },
          },
        );
      }}
    >
      <h3>{t('registries.tools.addBuilding')}</h3>
      <div className="filters">
        <label>
          {t('registries.building.address')}
          <input required value={form.address} onChange={(e) => setForm({ ...form, address: e.target.value })} />
        </label>
        <label>
          {t('registries.building.entrances')}
          <input type="number" min={1} max={100} value={form.entrances} onChange={(e) => setForm({ ...form, entrances: e.target.value })} />
        </label>
        <label>
          {t('registries.building.flats')}
          <input type="number" min={1} max={5000} value={form.flats} onChange={(e) => setForm({ ...form, flats: e.target.value })} />
        </label>
      </div>
      {err && (
        <p className="error" role="alert">
          {err.message}
        </p>
      )}
      <button type="submit" disabled={add.isPending}>
        {t('registries.tools.addBuilding')}
      </button>
    </form>
  );
}

function CamerasDue({ district }: { district: string }) {
  const { t } = useTranslation();
  const summary = useCameraSummary(district);
  const age = summary.data?.ageRuleYears ?? DEFAULT_CAMERA_AGE_YEARS;
  const [status, setStatus] = useState('');
  const cameras = useCameras(
    { district, status: status || undefined, installedTo: status ? undefined : new Date().getFullYear() - age },
    !!summary.data,
  );
  return (
    <section aria-labelledby="cameras-due">
      <h2 id="cameras-due">{t('registries.tools.camerasDue')}</h2>
      <label>
        {t('registries.camera.status')}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('registries.cameras.due')}</option>
          {['faulty', 'outdated', 'replaced'].map((s) => (
            <option key={s} value={s}>
              {t(`registries.cameraStatus.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <QueryState query={cameras} isEmpty={(x) => x.items.length === 0}>
        {(x) => <CameraTable cameras={status ? x.items : x.items.filter((c) => c.dueForModernization)} mode="police" showBuilding />}
      </QueryState>
      <MoreButton list={cameras} />
    </section>
  );
}
