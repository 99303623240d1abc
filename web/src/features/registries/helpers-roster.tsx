import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type HelperView, helperMachine } from '@dsd/shared/registries';
import { QueryState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import type { ApiError } from '../../lib/api.ts';
import { MoreButton } from '../../lib/paging.tsx';
import { useHelpers, useRegistryWrite } from './api.ts';

/** The district's helpers for its police: register candidates, activate with the akimat's approval, log shifts. */
export function HelpersRoster({ district }: { district: string }) {
  const { t } = useTranslation();
  const helpers = useHelpers(district);
  return (
    <section aria-labelledby="roster">
      <h2 id="roster">{t('registries.tools.helpersHeading')}</h2>
      <RegisterHelper district={district} />
      <QueryState query={helpers} isEmpty={(x) => x.items.length === 0}>
        {(x) => (
          <ul className="list">
            {x.items.map((h) => (
              <HelperItem key={h.id} helper={h} />
            ))}
          </ul>
        )}
      </QueryState>
      <MoreButton list={helpers} />
    </section>
  );
}

function RegisterHelper({ district }: { district: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [form, setForm] = useState({ name: '', phone: '' });
  const add = useRegistryWrite<{ districtSlug: string; name: string; phone: string }>(() => '/helpers');
  const err = add.error as ApiError | null;
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          { districtSlug: district, ...form },
          {
            onSuccess: () => {
              setForm({ name: '', phone: '' });
              toast(t('registries.saved'));
            },
          },
        );
      }}
    >
      <h3>{t('registries.tools.register')}</h3>
      <div className="filters">
        <label>
          {t('registries.tools.name')}
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('registries.tools.phone')}
          <input
            required
            type="tel"
            value={form.phone}
            onChange={(e) => setForm({ ...form, phone: e.target.value })}
            aria-invalid={!!err?.fieldError('phone')}
          />
        </label>
      </div>
      {err && (
        <p className="error" role="alert">
          {err.fieldError('phone') ?? err.message}
        </p>
      )}
      <button type="submit" disabled={add.isPending}>
        {t('registries.tools.register')}
      </button>
    </form>
  );
}

function HelperItem({ helper: h }: { helper: HelperView }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [approval, setApproval] = useState({ approvedAt: '', documentNumber: '' });
  const [shift, setShift] = useState({ date: new Date().toISOString().slice(0, 10), hours: '3', area: '' });
  const move = useRegistryWrite<{ _id: string; to: string; version: number; approvedAt?: string; documentNumber?: string }>(
    (b) => `/helpers/${b._id}/transition`,
  );
  const log = useRegistryWrite<{ _id: string; date: string; hours: number; area: string }>((b) => `/helpers/${b._id}/shifts`);
  const err = (move.error ?? log.error) as ApiError | null;
  const done = () => toast(t('registries.saved'));
  return (
    <li className="item" data-testid="helper">
      <h3>
        {h.name} <span className={`badge badge-helper-${h.status}`}>{t(`registries.helperStatus.${h.status}`)}</span>
      </h3>
      <p className="muted small">
        {h.phone} · {t('registries.tools.shiftsDone', { count: h.shifts, hours: h.hours })}
        {h.documentNumber && ` · ${h.documentNumber} (${h.approvedAt})`}
      </p>
      {h.status === 'candidate' || h.status === 'suspended' ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            move.mutate({ _id: h.id, to: 'active', version: h.version, ...(h.status === 'candidate' ? approval : {}) }, { onSuccess: done });
          }}
        >
          {h.status === 'candidate' && (
            <>
              <label>
                {t('registries.tools.approvedAt')}
                <input type="date" required value={approval.approvedAt} onChange={(e) => setApproval({ ...approval, approvedAt: e.target.value })} />
              </label>
              <label>
                {t('registries.tools.documentNumber')}
                <input required value={approval.documentNumber} onChange={(e) => setApproval({ ...approval, documentNumber: e.target.value })} />
              </label>
            </>
          )}
          <button type="submit" disabled={move.isPending}>
            {t('registries.tools.activate')}
          </button>
        </form>
      ) : null}
      {h.status === 'active' && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            log.mutate({ _id: h.id, date: shift.date, hours: Number(shift.hours), area: shift.area }, { onSuccess: done });
          }}
        >
          <label>
            {t('registries.tools.date')}
            <input type="date" required value={shift.date} onChange={(e) => setShift({ ...shift, date: e.target.value })} />
          </label>
          <label>
            {t('registries.tools.hours')}
            <input
              type="number"
              min={0.5}
              max={24}
              step={0.5}
              required
              value={shift.hours}
              onChange={(e) => setShift({ ...shift, hours: e.target.value })}
            />
          </label>
          <label>
            {t('registries.tools.area')}
            <input required value={shift.area} onChange={(e) => setShift({ ...shift, area: e.target.value })} />
          </label>
          <button type="submit" disabled={log.isPending}>
            {t('registries.tools.logShift')}
          </button>
        </form>
      )}
      <div className="actions">
        {helperMachine[h.status]
          .filter((to) => to !== 'active')
          .map((to) => (
            <button
              key={to}
              type="button"
              className="secondary small"
              disabled={move.isPending}
              onClick={() => move.mutate({ _id: h.id, to, version: h.version }, { onSuccess: done })}
            >
              {t(`registries.tools.to_${to}`)}
            </button>
          ))}
      </div>
      {err && (
        <p className="error" role="alert">
          {err.fieldError('documentNumber') ?? err.fieldError('approvedAt') ?? err.message}
        </p>
      )}
    </li>
  );
}
