// Dates, timestamps, times of day: exact integer arithmetic on the raw Arrow integers (arrow-js's own get()
// returns epoch milliseconds as a float, which loses microseconds), proleptic Gregorian calendar as in
// Spark 3+ and Python, and time zones through Intl (available in browsers and Node alike).

const SECONDS_PER_DAY = 86400;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Four-digit years as Python and Spark print them; Java-style sign for years outside 0..9999. */
function yearText(y: number): string {
  if (y < 0) return '-' + String(-y).padStart(4, '0');
  if (y > 9999) return '+' + y;
  return String(y).padStart(4, '0');
}

export function formatDays(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${yearText(year)}-${pad2(month)}-${pad2(day)}`;
}

/** Splits a count of `unitsPerSecond` ticks into whole seconds (floored) and the non-negative remainder. */
export function splitTicks(ticks: bigint, unitsPerSecond: bigint): { seconds: number; frac: number } {
  let s = ticks / unitsPerSecond;
  let f = ticks % unitsPerSecond;
  if (f < 0n) {
    f += unitsPerSecond;
    s -= 1n;
  }
  return { seconds: Number(s), frac: Number(f) };
}

/** ".ffffff" with the unit's digits when the fraction is non-zero, nothing otherwise (Python's str()). */
export function fractionText(frac: number, digits: number): string {
  return frac === 0 || digits === 0 ? '' : '.' + String(frac).padStart(digits, '0');
}

export function formatWallClock(epochSeconds: number, frac: number, digits: number, sep = ' '): string {
  const days = Math.floor(epochSeconds / SECONDS_PER_DAY);
  const sod = epochSeconds - days * SECONDS_PER_DAY;
  const h = Math.floor(sod / 3600);
  const m = Math.floor((sod % 3600) / 60);
  const s = sod % 60;
  return `${formatDays(days)}${sep}${pad2(h)}:${pad2(m)}:${pad2(s)}${fractionText(frac, digits)}`;
}

export function formatTimeOfDay(seconds: number, frac: number, digits: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}${fractionText(frac, digits)}`;
}

/** "+HH:MM" (or "+HH:MM:SS" for local mean time offsets), "Z" never: Python and Spark both print +00:00. */
export function offsetText(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const a = Math.abs(offsetSeconds);
  const base = `${sign}${pad2(Math.floor(a / 3600))}:${pad2(Math.floor((a % 3600) / 60))}`;
  return a % 60 === 0 ? base : `${base}:${pad2(a % 60)}`;
}

// ---- time zones ----

/** Gives the UTC offset, in seconds, that a zone has at an instant. */
export interface ZoneOffsets {
  readonly name: string;
  offsetAt(epochSeconds: number): number;
}

const FIXED_OFFSET = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i;
// Intl accepts instants within +-8.64e15 ms of the epoch; Spark's microsecond range is a little wider.
const INTL_LIMIT_SECONDS = 8.64e12 - SECONDS_PER_DAY;
const BUCKET_SECONDS = 900;

class FixedZone implements ZoneOffsets {
  constructor(readonly name: string, private readonly offset: number) {}
  offsetAt(): number {
    return this.offset;
  }
}

class IntlZone implements ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  // Offsets change at most once in any 15 minutes, so an offset that holds at both ends of a 15-minute
  // bucket holds inside it. Cached per bucket, checked at both ends before use.
  private readonly cache = new Map<number, number>();

  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  private exact(epochSeconds: number): number {
    const t = Math.max(-INTL_LIMIT_SECONDS, Math.min(INTL_LIMIT_SECONDS, epochSeconds));
    let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, bc = false;
    for (const p of this.format.formatToParts(t * 1000)) {
      switch (p.type) {
        case 'year': year = Number(p.value); break;
        case 'month': month = Number(p.value); break;
        case 'day': day = Number(p.value); break;
        case 'hour': hour = Number(p.value); break;
        case 'minute': minute = Number(p.value); break;
        case 'second': second = Number(p.value); break;
        case 'era': bc = p.value.startsWith('B'); break;
        default: break;
      }
    }
    if (bc) year = 1 - year;
    const local = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    return local - t;
  }

  offsetAt(epochSeconds: number): number {
    const bucket = Math.floor(epochSeconds / BUCKET_SECONDS);
    const cached = this.cache.get(bucket);
    if (cached !== undefined) return cached;
    const start = this.exact(bucket * BUCKET_SECONDS);
    const end = this.exact(bucket * BUCKET_SECONDS + BUCKET_SECONDS - 1);
    if (start !== end) return this.exact(epochSeconds);
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(bucket, start);
    return start;
  }
}

const zones = new Map<string, ZoneOffsets>();

/**
 * A zone by the name Spark put in the Arrow timestamp type (the session time zone): a region id
 * ("America/Los_Angeles"), "UTC", or a fixed offset ("+05:30", "GMT+8"). Unknown names fall back to UTC
 * and say so in `name`, so the header can show which zone the values are in.
 */
export function zoneOffsets(name: string): ZoneOffsets {
  let z = zones.get(name);
  if (z) return z;
  const m = FIXED_OFFSET.exec(name.trim());
  if (name.trim() === 'Z') {
    z = new FixedZone(name, 0);
  } else if (m) {
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    z = new FixedZone(name, m[1] === '-' ? -secs : secs);
  } else {
    try {
      z = new IntlZone(name);
    } catch {
      z = new FixedZone(`UTC (unknown zone ${name})`, 0);
    }
  }
  zones.set(name, z);
  return z;
}
