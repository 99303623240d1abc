import { useTranslation } from 'react-i18next';
import { exportUrl, type ExportKind } from '@dsd/shared/exports';

/** "Download CSV" for a list: the export of the same records, with the filters the reader has set. */
export function DownloadCsvLink({ kind, filters }: { kind: ExportKind; filters: Record<string, string | undefined> }) {
  const { t } = useTranslation();
  return (
    <a className="open-data-link" href={exportUrl(kind, filters)} download data-testid={`export-${kind}`}>
      {t(`openData.csv.${kind}`)}
    </a>
  );
}

/** "Add to calendar": a district's feed (to subscribe to) or one meeting's file, in the interface language. */
export function AddToCalendarLink({ district, meetingId }: { district?: string; meetingId?: string }) {
  const { t, i18n } = useTranslation();
  const path = meetingId ? `/api/v1/calendar/meetings/${meetingId}.ics` : `/api/v1/calendar/${district}.ics`;
  return (
    <a className="open-data-link" href={`${path}?lang=${i18n.language}`} data-testid="add-to-calendar">
      {meetingId ? t('openData.calendar.meeting') : t('openData.calendar.district')}
    </a>
  );
}
