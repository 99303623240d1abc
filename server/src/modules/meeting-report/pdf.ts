import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { AuditHead } from '@dsd/shared/audit';
import type { CarriedItem, DoneSinceItem } from '@dsd/shared/carry-over';
import { DEFAULT_TIME_ZONE, formatZoned } from '@dsd/shared/dates';
import type { DecisionSummary } from '@dsd/shared/decisions';
import type { Locale } from '@dsd/shared/enums';
import type { MeetingDetail, MeetingSummary } from '@dsd/shared/meetings';
import type { ProposalView } from '@dsd/shared/proposals';
import { REPORT_TEXTS } from './texts.ts';

/**
 * pdfkit's built-in fonts have no Cyrillic: the report embeds DejaVu (a free licence; it ships from npm), read once
 * per process. Only the glyphs a report uses are embedded.
 */
const require = createRequire(import.meta.url);
const font = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
const FONTS = { regular: font('DejaVuSans.ttf'), bold: font('DejaVuSans-Bold.ttf'), mono: font('DejaVuSansMono.ttf') };

export interface MeetingReportData {
  meeting: MeetingSummary;
  attendees: Array<Pick<MeetingDetail['attendees'][number], 'organization'>>;
  proposals: Array<Pick<ProposalView, 'title' | 'category' | 'status' | 'supportCount' | 'answer'>>;
  decisions: DecisionSummary[];
  carried: CarriedItem[];
  doneSinceLastMeeting: DoneSinceItem[];
  auditHead: AuditHead;
  /** Names of services and categories in the report's language. */
  serviceName: (code: string) => string;
  categoryName: (code: string) => string;
  generatedAt: Date;
}

/** The meeting report as a PDF in one language; `compress: false` keeps the text streams readable (tests). */
export function renderMeetingReport(data: MeetingReportData, lang: Locale, options: { compress?: boolean } = {}): Promise<Buffer> {
  const tx = REPORT_TEXTS[lang];
  const when = (iso: string | null) => (iso ? formatZoned(iso, lang, DEFAULT_TIME_ZONE) : '—');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    bufferPages: true,
    lang,
    info: { Title: `${tx.title}: ${data.meeting.title}`, Subject: data.meeting.title, Creator: 'Safe District' },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('mono', FONTS.mono);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string) => {
    // A heading never sits alone at the foot of a page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    doc.moveDown(0.8).font('bold').fontSize(13).fillColor('#1f3a5f').text(text).moveDown(0.3).fillColor('black');
  };
  const line = (text: string, size = 10) => doc.font('regular').fontSize(size).text(text);
  const labelled = (label: string, value: string) => {
    doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('regular').text(value);
  };
  const item = (title: string, details: string[]) => {
    doc.font('bold').fontSize(10.5).text(`• ${title}`);
    doc.font('regular').fontSize(9.5);
    for (const d of details.filter(Boolean)) doc.text(d, { indent: 12 });
    doc.moveDown(0.3);
  };
  const target = (t: DecisionSummary['target'], achieved: number | null) =>
    t ? `${tx.target}: ${achieved ?? 0} / ${t.value} ${tx.units[t.unit] ?? t.unit}` : '';
  const services = (codes: string[]) => (codes.length ? `${tx.services}: ${codes.map(data.serviceName).join(', ')}` : '');

  const m = data.meeting;
  doc.font('bold').fontSize(11).fillColor('#555').text(tx.title.toUpperCase()).fillColor('black');
  doc.font('bold').fontSize(16).text(m.title).moveDown(0.4);
  labelled(tx.when, when(m.startsAt));
  labelled(tx.place, m.place);
  labelled(tx.format, tx.formats[m.format] ?? m.format);
  labelled(tx.status, tx.meetingStatus[m.status] ?? m.status);
  if (m.agenda) labelled(tx.agenda, m.agenda);

  heading(tx.attendees);
  if (data.attendees.length === 0) line(tx.none);
  const byType = new Map<string, string[]>();
  for (const a of data.attendees) byType.set(a.organization.type, [...(byType.get(a.organization.type) ?? []), a.organization.name]);
  for (const [type, names] of byType) labelled(`${tx.organizationTypes[type] ?? type} (${names.length})`, names.join('; '));

  heading(tx.proposals);
  if (data.proposals.length === 0) line(tx.none);
  for (const p of data.proposals) {
    item(p.title, [
      `${data.categoryName(p.category)} · ${tx.proposalStatus[p.status] ?? p.status} · ${tx.supports}: ${p.supportCount}`,
      p.answer ?? '',
    ]);
  }

  heading(tx.decisions);
  if (data.decisions.length === 0) line(tx.none);
  for (const d of data.decisions) {
    item(`${tx.kind[d.kind]}: ${d.title}`, [
      target(d.target, d.achieved),
      services(d.services),
      `${tx.due}: ${when(d.dueAt)}${d.overdue ? ` (${tx.overdue})` : ''} · ${tx.decisionStatus[d.status]} · ${tx.progress}: ${d.progress}%`,
    ]);
  }

  heading(tx.carried);
  if (data.carried.length === 0) line(tx.none);
  for (const c of data.carried) {
    const outcome = c.outcome
      ? `→ ${tx.carryStatus[c.outcome.status]}${c.outcome.newDueAt ? `, ${tx.newDue}: ${when(c.outcome.newDueAt)}` : ''}${c.outcome.reason ? ` — ${c.outcome.reason}` : ''}`
      : `→ ${tx.notRuled}`;
    item(`${tx.kind[c.kind]}: ${c.title}`, [
      `${tx.promisedAt}: ${c.fromMeeting.title} (${when(c.fromMeeting.startsAt)})`,
      target(c.target, c.achieved),
      services(c.services),
      `${tx.due}: ${when(c.dueAt)}${c.overdue ? ` (${tx.overdue})` : ''} · ${tx.decisionStatus[c.status]} · ${tx.progress}: ${c.progress}%`,
      outcome,
    ]);
  }

  heading(tx.doneSince);
  if (data.doneSinceLastMeeting.length === 0) line(tx.none);
  for (const d of data.doneSinceLastMeeting) line(`• ${when(d.doneAt)} · ${data.serviceName(d.serviceCode)} — ${d.decisionTitle}`);

  if (m.minutes) {
    heading(tx.minutes);
    line(m.minutes);
  }

  heading(tx.auditHead);
  labelled(tx.auditSize, String(data.auditHead.size));
  doc.font('bold').fontSize(10).text(`${tx.auditHash}: `);
  doc.font('mono').fontSize(9).text(data.auditHead.hash);
  labelled(tx.auditSealed, when(data.auditHead.sealedAt));
  labelled(tx.generated, when(data.generatedAt.toISOString()));

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#666')
      .text(`${tx.page} ${i + 1} / ${range.count} · ${m.title}`, 50, doc.page.height - 35, {
        width: doc.page.width - 100,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
