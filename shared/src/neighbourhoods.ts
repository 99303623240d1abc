import { z } from 'zod';

/**
 * Approximate centres of Almaty's districts (WGS 84). Used for the neighbourhood feed's `centre` and to place an
 * Open311 report that gives coordinates but no district in the nearest one. More cities add their districts here.
 */
export const DISTRICT_CENTRES: Readonly<Record<string, { latitude: number; longitude: number }>> = {
  alatau: { latitude: 43.2955, longitude: 76.8242 },
  almaly: { latitude: 43.2521, longitude: 76.9108 },
  auezov: { latitude: 43.2265, longitude: 76.8512 },
  bostandyk: { latitude: 43.2082, longitude: 76.9102 },
  zhetysu: { latitude: 43.2938, longitude: 76.9291 },
  medeu: { latitude: 43.2431, longitude: 76.9736 },
  nauryzbay: { latitude: 43.1946, longitude: 76.7868 },
  turksib: { latitude: 43.3364, longitude: 76.9614 },
};

/** Great-circle distance in kilometres. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The district whose centre is nearest, if one lies within `maxKm` (a point outside the city has none). */
export function nearestDistrict(point: { latitude: number; longitude: number }, maxKm = 20): string | null {
  let best: { slug: string; km: number } | null = null;
  for (const [slug, centre] of Object.entries(DISTRICT_CENTRES)) {
    const km = distanceKm(point, centre);
    if (!best || km < best.km) best = { slug, km };
  }
  return best && best.km <= maxKm ? best.slug : null;
}

// police.uk's neighbourhood API, field for field, so client code written for it reads this feed.
export const Neighbourhood = z.object({ id: z.string(), name: z.string() });
export const NeighbourhoodDetail = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  url_force: z.string(),
  contact_details: z.record(z.string(), z.string()),
  centre: z.object({ latitude: z.string(), longitude: z.string() }),
  links: z.array(z.object({ url: z.string(), title: z.string(), description: z.string().nullable() })),
  locations: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      address: z.string().nullable(),
      postcode: z.string().nullable(),
      latitude: z.string().nullable(),
      longitude: z.string().nullable(),
      description: z.string().nullable(),
    }),
  ),
  welcome_message: z.string().nullable(),
});
export const NeighbourhoodPriority = z.object({
  issue: z.string(),
  'issue-date': z.string(),
  action: z.string().nullable(),
  'action-date': z.string().nullable(),
});
export const NeighbourhoodEvent = z.object({
  title: z.string(),
  type: z.string(),
  description: z.string().nullable(),
  address: z.string(),
  start_date: z.string(),
  end_date: z.string().nullable(),
  contact_details: z.record(z.string(), z.string()),
});
export const NeighbourhoodPerson = z.object({
  name: z.string(),
  rank: z.string(),
  bio: z.string().nullable(),
  contact_details: z.record(z.string(), z.string()),
});
