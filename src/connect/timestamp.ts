// An exact Spark timestamp: microseconds since the epoch as a bigint, plus the time zone it is shown in.
// JavaScript's Date keeps only milliseconds, so rows carry this value instead and offer toDate() for
// callers who accept the truncation.

const MICROS_PER_MS = 1000n;

export class Timestamp {
  /**
   * @param epochMicros microseconds since 1970-01-01T00:00:00Z (for TIMESTAMP_NTZ: of the wall clock read as UTC)
   * @param timeZone the session time zone for TIMESTAMP (an instant); undefined for TIMESTAMP_NTZ (a wall clock)
   */
  constructor(readonly epochMicros: bigint, readonly timeZone?: string) {}

  static fromDate(d: Date, timeZone?: string): Timestamp {
    return new Timestamp(BigInt(d.getTime()) * MICROS_PER_MS, timeZone);
  }

  /** True for TIMESTAMP_NTZ values, which name a wall-clock time rather than an instant. */
  get isNtz(): boolean {
    return this.timeZone === undefined;
  }

  /** The instant as a Date, truncated toward negative infinity to whole milliseconds. */
  toDate(): Date {
    return new Date(Number(floorDiv(this.epochMicros, MICROS_PER_MS)));
  }

  /** Microseconds within the second, 0..999999. */
  get microsOfSecond(): number {
    return Number(floorMod(this.epochMicros, 1_000_000n));
  }

  /**
   * Wall-clock text as Spark prints it: "2024-03-01 12:34:56.123456" (trailing zeros of the
   * fraction dropped, no fraction when it is zero), in the session time zone for TIMESTAMP.
   */
  toString(): string {
    const w = this.wallClock();
    const frac = this.microsOfSecond === 0 ? ''
      : '.' + String(this.microsOfSecond).padStart(6, '0').replace(/0+$/, '');
    return `${w.date} ${w.time}${frac}`;
  }

  /** ISO-8601 with all six fraction digits; with the zone's offset for TIMESTAMP, without one for NTZ. */
  toISOString(): string {
    const w = this.wallClock();
    const frac = String(this.microsOfSecond).padStart(6, '0');
    return `${w.date}T${w.time}.${frac}${this.isNtz ? '' : w.offset}`;
  }

  toJSON(): string {
    return this.toISOString();
  }

  equals(other: Timestamp): boolean {
    return this.epochMicros === other.epochMicros && this.timeZone === other.timeZone;
  }

  private wallClock(): { date: string; time: string; offset: string } {
    const ms = Number(floorDiv(this.epochMicros, MICROS_PER_MS));
    // Whole seconds only; the fraction comes from the bigint so nothing is rounded.
    const secondMs = ms - (((ms % 1000) + 1000) % 1000);
    const zone = this.timeZone ?? 'UTC';
    const parts = zonedParts(secondMs, zone);
    const year = Number(parts['year']);
    const yearText = year < 0 ? '-' + String(-year).padStart(4, '0') : String(year).padStart(4, '0');
    const hour = parts['hour'] === '24' ? '00' : parts['hour'];
    return {
      date: `${yearText}-${parts['month']}-${parts['day']}`,
      time: `${hour}:${parts['minute']}:${parts['second']}`,
      offset: normalizeOffset(parts['timeZoneName'] ?? 'GMT'),
    };
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// Zones Intl cannot format, with the fixed offset used instead (0 for names nobody knows).
const fixedZones = new Map<string, number>();

// Spark also accepts fixed offsets as session time zones ("+08:00", "UTC+8", "GMT-03:30"), which
// Intl in Node 20 rejects; those are applied by hand.
const FIXED_OFFSET = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i;

function fixedOffsetSeconds(zone: string): number | undefined {
  if (/^(Z|UTC|GMT|UT)$/i.test(zone)) return 0;
  const m = FIXED_OFFSET.exec(zone);
  if (!m) return undefined;
  const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -secs : secs;
}

function offsetParts(ms: number, offsetSeconds: number): Record<string, string> {
  const d = new Date(ms + offsetSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const abs = Math.abs(offsetSeconds);
  const sign = offsetSeconds < 0 ? '-' : '+';
  const extra = abs % 60 === 0 ? '' : `:${two(abs % 60)}`;
  return {
    year: String(d.getUTCFullYear()), month: two(d.getUTCMonth() + 1), day: two(d.getUTCDate()),
    hour: two(d.getUTCHours()), minute: two(d.getUTCMinutes()), second: two(d.getUTCSeconds()),
    timeZoneName: offsetSeconds === 0 ? 'GMT' : `GMT${sign}${two(Math.floor(abs / 3600))}:${two(Math.floor(abs / 60) % 60)}${extra}`,
  };
}

function zonedParts(ms: number, timeZone: string): Record<string, string> {
  const fixed = fixedZones.get(timeZone);
  if (fixed !== undefined) return offsetParts(ms, fixed);
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short', timeZoneName: 'longOffset',
      });
    } catch {
      // Not a zone Intl knows: a fixed offset ("+08:00"), or else shown as UTC rather than failing.
      const offset = fixedOffsetSeconds(timeZone) ?? 0;
      fixedZones.set(timeZone, offset);
      return offsetParts(ms, offset);
    }
    formatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) out[p.type] = p.value;
  // Intl counts BC years upward from 1; Spark (proleptic, ISO) writes 1 BC as year 0.
  if (out['era'] === 'BC' && out['year'] !== undefined) out['year'] = String(1 - Number(out['year']));
  return out;
}

function normalizeOffset(gmt: string): string {
  // "GMT" -> "Z"-like "+00:00"; "GMT+5:30" / "GMT-08:00" -> "+05:30" / "-08:00".
  const m = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/.exec(gmt);
  if (!m || !m[1]) return '+00:00';
  const secs = m[4] ? `:${m[4]}` : '';
  return `${m[1]}${m[2]!.padStart(2, '0')}:${m[3] ?? '00'}${secs}`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function floorMod(a: bigint, b: bigint): bigint {
  return ((a % b) + b) % b;
}
