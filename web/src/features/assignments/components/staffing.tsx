import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentDetail } from '@dsd/shared/assignments';
import { DEFAULT_TIME_ZONE, isoToZonedInput, zonedInputToIso } from '@dsd/shared/dates';
import { DateTime } from '../../../components/bits.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { Result, useToast } from '../../../components/toast.tsx';
import { useSession } from '../../auth/api.ts';
import { useAssignOfficer, useAssignableOfficers, useReschedule } from '../api/assignments.ts';

const OPEN = (status: string) => status !== 'done' && status !== 'cancelled';

/**
 * The head's tools on an assignment of the service: who works it and by when. A coordinator of the district also
 * moves deadlines. The server checks the scope; the client offers the tools to the roles that may have it.
 */
export function Staffing({ assignment: a }: { assignment: AssignmentDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const role = session.data?.role;
  const head = role === 'admin' || (role === 'service_head' && session.data?.scope.services.includes(a.serviceCode));
  const coordinator = role === 'coordinator' && session.data?.scope.districts.includes(a.districtSlug);
  if (!OPEN(a.status) || (!head && !coordinator)) return null;
  return (
    <section className="panel" aria-labelledby="staffing">
      <h2 id="staffing">{t('assignment.staffing')}</h2>
      {head && <AssignOfficer assignment={a} />}
      <MoveDeadline assignment={a} />
    </section>
  );
}

function AssignOfficer({ assignment: a }: { assignment: AssignmentDetail }) {
  const { t } = useTranslation();
  const toast = useToast();
  const officers = useAssignableOfficers(a.id, true);
  const assign = useAssignOfficer(a);
  const [choice, setChoice] = useState(a.officer?.id ?? '');
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="actions">
      <label>
        {t('assignment.officer')}
        <select value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{t('assignment.unassigned')}</option>
          {(officers.data?.items ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={assign.isPending || choice === (a.officer?.id ?? '')}
        onClick={() =>
          assign.mutate(choice || null, {
            onSuccess: (saved) => {
              const text = saved.officer ? t('assignment.officerAssigned', { name: saved.officer.name }) : t('assignment.officerRemoved');
              setDone(text);
              toast(text);
            },
          })
        }
      >
        {t('assignment.assign')}
      </button>
      {done && (
        <Result key={done} testId="officer-result">
          {done}
        </Result>
      )}
      {assign.error && <ErrorState error={assign.error} />}
    </div>
  );
}

function MoveDeadline({ assignment: a }: { assignment: AssignmentDetail }) {
  const { t } = useTranslation();
  const toast = useToast();
  const reschedule = useReschedule(a);
  const [value, setValue] = useState(a.dueAt ? isoToZonedInput(a.dueAt, DEFAULT_TIME_ZONE) : '');
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="actions">
      <label>
        {t('assignment.newDue')}
        <input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button
        type="button"
        disabled={reschedule.isPending}
        onClick={() =>
          reschedule.mutate(value ? zonedInputToIso(value, DEFAULT_TIME_ZONE) : null, {
            onSuccess: (saved) => {
              setDone(saved.dueAt ?? '');
              toast(t('assignment.dueMoved'));
            },
          })
        }
      >
        {t('assignment.moveDue')}
      </button>
      {done !== null && (
        <Result key={done} testId="due-result">
          {t('assignment.dueMoved')}
          {done && (
            <>
              : <DateTime iso={done} />
            </>
          )}
        </Result>
      )}
      {reschedule.error && <ErrorState error={reschedule.error} />}
    </div>
  );
}
