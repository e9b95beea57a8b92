/**
 * Number and duration formatting for the reasons the core writes. Reasons go straight into
 * notifications and the audit log, so they must read well and show the numbers involved.
 */

/**
 * A number rounded to at most `decimals` places, without trailing zeros: `7.142857` → `7.14`,
 * `5` → `5`, `0.05` → `0.05`.
 */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toFixed(decimals));
  // `-0` would print as `0` anyway; normalise so `Object.is` never surprises a test.
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * Formats `value` next to the `limit` it is compared with. When rounding would make a
 * value that breaks the limit look equal to it (5.004 against 5), more decimals are shown,
 * so a reason never reads "5% exceeds the 5% ceiling".
 */
export function formatAgainst(value: number, limit: number): string {
  for (const decimals of [2, 4, 6]) {
    const shown = formatNumber(value, decimals);
    if (value === limit || shown !== formatNumber(limit, decimals)) return shown;
  }
  return String(value);
}

/**
 * A duration in readable units: `45 s`, `5 min`, `1 min 30 s`, `2 h 5 min`, `48 h`,
 * `3 d 4 h`. Seconds are dropped once the duration reaches an hour.
 */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days >= 3) return joinUnits([days, 'd'], [hours, 'h']);
  if (seconds >= 3600) return joinUnits([days * 24 + hours, 'h'], [minutes, 'min']);
  if (seconds >= 60) return joinUnits([minutes, 'min'], [rest, 's']);
  return `${rest} s`;
}

function joinUnits(major: [number, string], minor: [number, string]): string {
  const head = `${major[0]} ${major[1]}`;
  return minor[0] === 0 ? head : `${head} ${minor[0]} ${minor[1]}`;
}

/** `1 request`, `3 requests`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatNumber(count)} ${count === 1 ? noun : pluralNoun}`;
}

/** An epoch-milliseconds instant as ISO 8601 UTC, or the raw number when it is not a valid time. */
export function isoUtc(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15
    ? new Date(ms).toISOString()
    : `${ms} (not a valid time)`;
}
