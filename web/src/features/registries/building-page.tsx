import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { CAMERA_KINDS, CAMERA_LOCATIONS, CAMERA_OWNERS, type BuildingDetail } from '@dsd/shared/registries';
import { DateTime } from '../../components/bits.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import type { ApiError } from '../../lib/api.ts';
import { useLive } from '../../lib/live.ts';
import { useSession } from '../auth/api.ts';
import { useBuilding, useDistrictInspectors, useRegistryWrite } from './api.ts';
import { CameraTable } from './camera-table.tsx';
import { InspectorCardView } from './district-registries.tsx';

export default function BuildingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const building = useBuilding(id);
  const session = useSession();
  usePageTitle(building.data?.address ?? null);
  useLive([building.data ? `district:${building.data.districtSlug}` : null]);
  return (
    <QueryState query={building}>
      {(b) => {
        const user = session.data;
        const inDistrict = !!user?.scope.districts.includes(b.districtSlug);
        const police = !!user && (user.role === 'admin' || (user.role === 'coordinator' && inDistrict));
        const video = police || (user?.role === 'officer' && inDistrict && user.scope.services.includes('video_surveillance'));
        const inspector = user?.role === 'officer' && inDistrict && user.scope.services.includes('district_inspectors');
        const mode = video ? 'police' : b.canEdit ? 'chair' : 'read';
        return (
          <>
            <h1>{b.address}</h1>
            <p className="lead">{b.organization.name}</p>
            <dl className="stats">
              <div className="stat">
                <dt>{t('registries.building.entrances')}</dt>
                <dd>{b.entrances ?? '—'}</dd>
              </div>
              <div className="stat">
                <dt>{t('registries.building.flats')}</dt>
                <dd>{b.flats ?? '—'}</dd>
              </div>
              <div className="stat">
                <dt>{t('registries.cameras.total')}</dt>
                <dd>{b.cameraCount}</dd>
              </div>
            </dl>
            {b.canEdit && <EditBuilding building={b} />}
            <section aria-labelledby="chat">
              <h2 id="chat">{t('registries.building.chat')}</h2>
              <p data-testid="chat-status">
                {b.chat.joined ? (
                  <>
                    {t('registries.building.chatJoined')} <DateTime iso={b.chat.joinedAt} />
                  </>
                ) : (
                  t('registries.building.chatNot')
                )}
              </p>
              {(b.canEdit || inspector) && <ChatForm building={b} />}
            </section>
            {b.inspector && (
              <section aria-labelledby="inspector">
                <h2 id="inspector">{t('registries.building.inspector')}</h2>
                <ul className="list">
                  <InspectorCardView inspector={b.inspector} />
                </ul>
              </section>
            )}
            <section aria-labelledby="building-cameras">
              <h2 id="building-cameras">{t('registries.building.cameras')}</h2>
              {b.cameras.length ? <CameraTable cameras={b.cameras} mode={mode} /> : <p className="muted">{t('common.empty')}</p>}
              {mode !== 'read' && <AddCamera buildingId={b.id} />}
            </section>
            <History building={b} />
          </>
        );
      }}
    </QueryState>
  );
}

function ChatForm({ building }: { building: BuildingDetail }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useRegistryWrite<{ _id: string; joined: boolean }>((b) => `/buildings/${b._id}/chat`);
  const joined = !building.chat.joined;
  return (
    <button
      type="button"
      data-testid="chat-toggle"
      disabled={save.isPending}
      onClick={() => save.mutate({ _id: building.id, joined }, { onSuccess: () => toast(t('registries.saved')) })}
    >
      {joined ? t('registries.building.markJoined') : t('registries.building.markLeft')}
    </button>
  );
}

function AddCamera({ buildingId }: { buildingId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [form, setForm] = useState({ location: 'entrance', installYear: String(new Date().getFullYear()), owner: 'association', kind: 'ip' });
  const add = useRegistryWrite<Record<string, unknown>>(() => '/cameras');
  const err = add.error as ApiError | null;
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ buildingId, ...form, installYear: Number(form.installYear) }, { onSuccess: () => toast(t('registries.saved')) });
      }}
    >
      <h3>{t('registries.building.addCamera')}</h3>
      <div className="filters">
        <Select
          label={t('registries.camera.location')}
          value={form.location}
          options={CAMERA_LOCATIONS}
          prefix="location"
          onChange={(v) => setForm({ ...form, location: v })}
        />
        <label>
          {t('registries.camera.installYear')}
          <input
            type="number"
            min={2000}
            max={new Date().getFullYear()}
            required
            value={form.installYear}
            onChange={(e) => setForm({ ...form, installYear: e.target.value })}
            aria-invalid={!!err?.fieldError('installYear')}
          />
        </label>
        <Select
          label={t('registries.camera.owner')}
          value={form.owner}
          options={CAMERA_OWNERS}
          prefix="owner"
          onChange={(v) => setForm({ ...form, owner: v })}
        />
        <Select
          label={t('registries.camera.kind')}
          value={form.kind}
          options={CAMERA_KINDS}
          prefix="kind"
          onChange={(v) => setForm({ ...form, kind: v })}
        />
      </div>
      {err && (
        <p className="error" role="alert">
          {err.fieldError('installYear') ?? err.message}
        </p>
      )}
      <button type="submit" disabled={add.isPending}>
        {t('registries.building.addCamera')}
      </button>
    </form>
  );
}

function Select({
  label,
  value,
  options,
  prefix,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  prefix: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`registries.${prefix}.${o}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What changed in the building and its cameras, in words: which camera, from what to what. */
function History({ building }: { building: BuildingDetail }) {
  const { t } = useTranslation();
  if (building.history.length === 0) return null;
  const cameraName = (id: string) => {
    const c = building.cameras.find((x) => x.id === id);
    return c ? t('registries.history.camera', { location: t(`registries.location.${c.location}`), year: c.installYear }) : '';
  };
  const line = (h: BuildingDetail['history'][number]) => {
    const what = h.entityType === 'camera' ? cameraName(h.entityId) : t('registries.history.building');
    if (h.kind === 'chat') return t(h.toStatus === 'joined' ? 'registries.history.chatJoined' : 'registries.history.chatLeft');
    if (h.kind === 'created') return t('registries.history.created', { what });
    if (h.kind === 'confirmed') return t('registries.history.confirmed', { what });
    if (h.kind === 'status' && h.toStatus)
      return t('registries.history.status', {
        what,
        from: h.fromStatus ? t(`registries.cameraStatus.${h.fromStatus}`) : '—',
        to: t(`registries.cameraStatus.${h.toStatus}`),
      });
    return t('registries.history.updated', { what });
  };
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t('registries.history.heading')}</h2>
      <ul className="timeline">
        {building.history.map((h) => (
          <li key={h.id} data-testid="history-entry">
            <DateTime iso={h.createdAt} /> — {line(h)}
            {h.note && <p>{h.note}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The chair (or coordinator) corrects the building's numbers and the inspector's area it belongs to. */
function EditBuilding({ building }: { building: BuildingDetail }) {
  const { t } = useTranslation();
  const toast = useToast();
  const inspectors = useDistrictInspectors(building.districtSlug);
  const [form, setForm] = useState({
    entrances: building.entrances?.toString() ?? '',
    flats: building.flats?.toString() ?? '',
    inspectorId: building.inspectorId ?? '',
  });
  const save = useRegistryWrite<Record<string, unknown>>((b) => `/buildings/${b._id}`, 'PATCH');
  const err = save.error as ApiError | null;
  return (
    <details className="card">
      <summary>{t('registries.building.edit')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            {
              _id: building.id,
              entrances: form.entrances ? Number(form.entrances) : null,
              flats: form.flats ? Number(form.flats) : null,
              inspectorId: form.inspectorId || null,
              version: building.version,
            },
            { onSuccess: () => toast(t('registries.saved')) },
          );
        }}
      >
        <div className="filters">
          <label>
            {t('registries.building.entrances')}
            <input type="number" min={1} max={100} value={form.entrances} onChange={(e) => setForm({ ...form, entrances: e.target.value })} />
          </label>
          <label>
            {t('registries.building.flats')}
            <input type="number" min={1} max={5000} value={form.flats} onChange={(e) => setForm({ ...form, flats: e.target.value })} />
          </label>
          <label>
            {t('registries.building.inspector')}
            <select value={form.inspectorId} onChange={(e) => setForm({ ...form, inspectorId: e.target.value })}>
              <option value="">—</option>
              {(inspectors.data?.items ?? []).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {err && (
          <p className="error" role="alert">
            {err.message}
          </p>
        )}
        <button type="submit" disabled={save.isPending}>
          {t('registries.building.save')}
        </button>
      </form>
    </details>
  );
}
