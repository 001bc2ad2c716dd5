// ANSI interval text exactly as Spark's CAST(interval AS STRING) and df.show() print it.
// Arrow carries only the interval family (YEAR_MONTH months, or a Duration in microseconds); the start and
// end fields ("HOUR TO MINUTE") come from the Spark type string when the host knows it.

export type YearMonthField = 'YEAR' | 'MONTH';
export type DayTimeField = 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

const DT_ORDER: Record<DayTimeField, number> = { DAY: 0, HOUR: 1, MINUTE: 2, SECOND: 3 };

export interface IntervalFields<F> {
  start: F;
  end: F;
}

/** Reads "interval hour to minute", "interval year" ... from a Spark type string. */
export function parseIntervalFields(sparkType: string | undefined):
  | { family: 'ym'; fields: IntervalFields<YearMonthField> }
  | { family: 'dt'; fields: IntervalFields<DayTimeField> }
  | undefined {
  if (!sparkType) return undefined;
  const m = /^\s*interval\s+(year|month|day|hour|minute|second)(?:\s+to\s+(year|month|day|hour|minute|second))?\s*$/i
    .exec(sparkType);
  if (!m) return undefined;
  const start = m[1].toUpperCase();
  const end = (m[2] ?? m[1]).toUpperCase();
  if (start === 'YEAR' || start === 'MONTH') {
    return { family: 'ym', fields: { start: start as YearMonthField, end: end as YearMonthField } };
  }
  return { family: 'dt', fields: { start: start as DayTimeField, end: end as DayTimeField } };
}

export const DEFAULT_YM: IntervalFields<YearMonthField> = { start: 'YEAR', end: 'MONTH' };
export const DEFAULT_DT: IntervalFields<DayTimeField> = { start: 'DAY', end: 'SECOND' };

export function formatYearMonth(months: number, f: IntervalFields<YearMonthField> = DEFAULT_YM): string {
  const sign = months < 0 ? '-' : '';
  const abs = Math.abs(months);
  const year = `${sign}${Math.floor(abs / 12)}`;
  if (f.start === f.end) {
    return f.start === 'YEAR' ? `INTERVAL '${year}' YEAR` : `INTERVAL '${months}' MONTH`;
  }
  return `INTERVAL '${year}-${abs % 12}' YEAR TO MONTH`;
}

const MICROS_PER_SECOND = 1_000_000n;
const MICROS_PER_MINUTE = 60n * MICROS_PER_SECOND;
const MICROS_PER_HOUR = 60n * MICROS_PER_MINUTE;
const MICROS_PER_DAY = 24n * MICROS_PER_HOUR;

function two(n: bigint): string {
  return n < 10n ? '0' + n : String(n);
}

/** Seconds with their fraction, trailing zeros stripped, at least two integer digits ("05.5", "00"). */
function secondsText(micros: bigint): string {
  const whole = micros / MICROS_PER_SECOND;
  const frac = micros % MICROS_PER_SECOND;
  const head = two(whole);
  if (frac === 0n) return head;
  return head + '.' + String(frac).padStart(6, '0').replace(/0+$/, '');
}

export function formatDayTime(micros: bigint, f: IntervalFields<DayTimeField> = DEFAULT_DT): string {
  const from = DT_ORDER[f.start];
  const to = DT_ORDER[f.end];
  const suffix = f.start === f.end ? `' ${f.start}` : `' ${f.start} TO ${f.end}`;
  // Spark special-cases -2^63 (no positive long); BigInt has no such limit and yields the same digits.
  let sign = '';
  let rest = micros;
  if (micros < 0n) {
    sign = '-';
    rest = -micros;
  }
  let body: string;
  switch (f.start) {
    case 'DAY': body = String(rest / MICROS_PER_DAY); rest %= MICROS_PER_DAY; break;
    case 'HOUR': body = two(rest / MICROS_PER_HOUR); rest %= MICROS_PER_HOUR; break;
    case 'MINUTE': body = two(rest / MICROS_PER_MINUTE); rest %= MICROS_PER_MINUTE; break;
    default: body = secondsText(rest); rest = 0n; break;
  }
  if (from < 1 && 1 <= to) {
    body += ' ' + two(rest / MICROS_PER_HOUR);
    rest %= MICROS_PER_HOUR;
  }
  if (from < 2 && 2 <= to) {
    body += ':' + two(rest / MICROS_PER_MINUTE);
    rest %= MICROS_PER_MINUTE;
  }
  if (from < 3 && 3 <= to) body += ':' + secondsText(rest);
  return `INTERVAL '${sign}${body}${suffix}`;
}
