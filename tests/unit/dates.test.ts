import { describe, expect, it } from 'vitest';
import { formatZoned, isoToZonedInput, zonedDay, zonedInputToIso } from '@dsd/shared/dates';

const ALMATY = 'Asia/Almaty';

describe('times in the district’s zone, whatever the machine’s', () => {
  it('reads a typed 18:30 as 18:30 in Almaty (13:30 UTC), not the browser’s 18:30', () => {
    expect(zonedInputToIso('2026-12-16T18:30', ALMATY)).toBe('2026-12-16T13:30:00.000Z');
    expect(zonedInputToIso('2026-12-16T00:10', ALMATY)).toBe('2026-12-15T19:10:00.000Z');
    expect(zonedInputToIso('not a time', ALMATY)).toBeNull();
  });

  it('shows an instant back as the same wall clock it was typed as', () => {
    expect(isoToZonedInput('2026-12-16T13:30:00.000Z', ALMATY)).toBe('2026-12-16T18:30');
    for (const typed of ['2026-01-01T00:00', '2026-06-30T23:59', '2027-03-08T09:05']) {
      expect(isoToZonedInput(zonedInputToIso(typed, ALMATY)!, ALMATY)).toBe(typed);
    }
  });

  it('takes the meeting’s day in Almaty: 20:00 UTC on the 15th is already the 16th there', () => {
    expect(zonedDay(Date.parse('2026-12-15T20:00:00Z'), ALMATY)).toBe('2026-12-16');
    expect(zonedDay(Date.parse('2026-12-15T18:59:59Z'), ALMATY)).toBe('2026-12-15');
  });

  it('writes Kazakh dates with Kazakh month names, not "2026 M12 16"', () => {
    expect(formatZoned('2026-12-16T13:30:00Z', 'kk', ALMATY)).toBe('2026 ж. 16 желтоқсан, 18:30');
    expect(formatZoned('2026-11-25T04:00:00Z', 'kk', ALMATY, false)).toBe('2026 ж. 25 қараша');
    expect(formatZoned('2026-12-16T13:30:00Z', 'ru', ALMATY)).toMatch(/16 дек\. 2026 г\.,? 18:30/);
    expect(formatZoned('2026-12-16T13:30:00Z', 'en', ALMATY)).toMatch(/16 Dec 2026,? 18:30/);
  });
});
