import { useTranslation } from 'react-i18next';
import type { CarryOutcome } from '@dsd/shared/carry-over';
import { DateTime } from './bits.tsx';

/** What a meeting ruled on a carried promise, with the reason and the new deadline: public. */
export function CarryOutcomeLine({ outcome }: { outcome: CarryOutcome }) {
  const { t } = useTranslation();
  return (
    <p className={`carry-outcome carry-${outcome.status}`} data-testid="carry-outcome">
      <span className={`badge badge-carry-${outcome.status}`}>{t(`carryOver.status.${outcome.status}`)}</span>
      {outcome.newDueAt && (
        <>
          {' '}
          {t('carryOver.newDue')}: <DateTime iso={outcome.newDueAt} />
        </>
      )}
      {outcome.reason && <> — {outcome.reason}</>}
    </p>
  );
}
