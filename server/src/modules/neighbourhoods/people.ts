import type { Database } from '@dsd/db/client';
import type { Locale } from '@dsd/shared/enums';
import { inspectorsOfDistrict } from '../registries/inspectors.ts';

const BIO: Record<Locale, (p: { precinctAddress: string; receptionHours: string; coveragePercent: number }) => string> = {
  ru: (p) => `Участковый пункт полиции: ${p.precinctAddress}. Приём: ${p.receptionHours}. В чатах домов участка: ${p.coveragePercent}%.`,
  kk: (p) => `Учаскелік полиция пункті: ${p.precinctAddress}. Қабылдау: ${p.receptionHours}. Учаске үйлерінің чаттарында: ${p.coveragePercent}%.`,
  en: (p) =>
    `Precinct point: ${p.precinctAddress}. Reception hours: ${p.receptionHours}. In the residents' chats of the area's buildings: ${p.coveragePercent}%.`,
};

/**
 * The neighbourhood team as police.uk lists it: the district inspectors' public profiles (the registry's cards), with
 * the official phone and precinct address as contact details. Nothing police-only: the cards are public already.
 */
export async function neighbourhoodTeam(db: Database, district: string, locale: Locale) {
  const cards = await inspectorsOfDistrict(db, district);
  return cards.map((p) => ({
    name: p.name,
    rank: p.rank,
    bio: BIO[locale](p),
    contact_details: { telephone: p.phone, address: p.precinctAddress },
  }));
}
