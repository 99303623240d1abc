import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CAMERA_KINDS, type CameraStatus, type CameraView, cameraMachine } from '@dsd/shared/registries';
import { useToast } from '../../components/toast.tsx';
import { useRegistryWrite } from './api.ts';

/** Moves a chair may make on its own cameras; the video-surveillance officers and coordinators make every move. */
const CHAIR_MOVES: readonly CameraStatus[] = ['faulty', 'working'];

export function CameraTable({ cameras, mode, showBuilding }: { cameras: CameraView[]; mode: 'read' | 'chair' | 'police'; showBuilding?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="data" data-testid="camera-table">
        <thead>
          <tr>
            {showBuilding && <th scope="col">{t('registries.building.address')}</th>}
            <th scope="col">{t('registries.camera.location')}</th>
            <th scope="col">{t('registries.camera.installYear')}</th>
            <th scope="col">{t('registries.camera.owner')}</th>
            <th scope="col">{t('registries.camera.kind')}</th>
            <th scope="col">{t('registries.camera.status')}</th>
            {mode !== 'read' && <th scope="col">{t('registries.camera.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {cameras.map((c) => (
            <tr key={c.id} data-testid="camera-row">
              {showBuilding && <td>{c.buildingAddress}</td>}
              <td>{t(`registries.location.${c.location}`)}</td>
              <td>{c.installYear}</td>
              <td>{t(`registries.owner.${c.owner}`)}</td>
              <td>{t(`registries.kind.${c.kind}`)}</td>
              <td>
                <span className={`badge badge-camera-${c.status}`}>{t(`registries.cameraStatus.${c.status}`)}</span>
                {!c.confirmed && (
                  <>
                    {' '}
                    <span className="badge">{t('registries.camera.unconfirmed')}</span>
                  </>
                )}
                {c.dueForModernization && (
                  <>
                    {' '}
                    <span className="badge badge-due">{t('registries.cameras.due')}</span>
                  </>
                )}
              </td>
              {mode !== 'read' && (
                <td>
                  <CameraActions camera={c} mode={mode} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CameraActions({ camera, mode }: { camera: CameraView; mode: 'chair' | 'police' }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [replacing, setReplacing] = useState(false);
  const [kind, setKind] = useState<string>('ip_ai');
  const move = useRegistryWrite<{
    _id: string;
    to: CameraStatus;
    version: number;
    replacement?: { installYear: number; owner: string; kind: string };
  }>((b) => `/cameras/${b._id}/transition`);
  const confirm = useRegistryWrite<{ _id: string; version: number }>((b) => `/cameras/${b._id}/confirm`);
  const moves = cameraMachine[camera.status].filter((to) => mode === 'police' || CHAIR_MOVES.includes(to));
  const run = (to: CameraStatus, replacement?: { installYear: number; owner: string; kind: string }) =>
    move.mutate(
      { _id: camera.id, to, version: camera.version, replacement },
      { onSuccess: () => toast(t('registries.saved')), onError: (e) => toast((e as Error).message) },
    );
  const [to, setTo] = useState<CameraStatus | ''>('');
  if (moves.length === 0) return null;
  const plain = moves.filter((m) => m !== 'replaced');
  return (
    <div className="actions">
      {mode === 'police' && !camera.confirmed && (
        <button
          type="button"
          className="small"
          disabled={confirm.isPending}
          onClick={() => confirm.mutate({ _id: camera.id, version: camera.version }, { onSuccess: () => toast(t('registries.saved')) })}
        >
          {t('registries.camera.confirm')}
        </button>
      )}
      {mode === 'chair'
        ? plain.map((m) => (
            <button key={m} type="button" className="secondary small" disabled={move.isPending} onClick={() => run(m)}>
              {t(`registries.actions.${m}`)}
            </button>
          ))
        : plain.length > 0 && (
            <form
              className="inline"
              onSubmit={(e) => {
                e.preventDefault();
                if (to) run(to);
              }}
            >
              <label>
                <span className="sr-only">{t('registries.camera.status')}</span>
                <select value={to} onChange={(e) => setTo(e.target.value as CameraStatus)}>
                  <option value="">{t('registries.camera.changeStatus')}</option>
                  {plain.map((m) => (
                    <option key={m} value={m}>
                      {t(`registries.actions.${m}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="secondary small" disabled={!to || move.isPending}>
                {t('registries.camera.apply')}
              </button>
            </form>
          )}
      {moves.includes('replaced') &&
        (replacing ? (
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              run('replaced', { installYear: new Date().getFullYear(), owner: 'city_network', kind });
            }}
          >
            <label>
              {t('registries.camera.newKind')}
              <select value={kind} onChange={(e) => setKind(e.target.value)}>
                {CAMERA_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`registries.kind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={move.isPending} data-testid="confirm-replacement">
              {t('registries.actions.replaced')}
            </button>
          </form>
        ) : (
          <button type="button" className="small" onClick={() => setReplacing(true)} data-testid="record-replacement">
            {t('registries.actions.replaced')}
          </button>
        ))}
    </div>
  );
}
