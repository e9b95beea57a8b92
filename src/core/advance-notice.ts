/**
 * Advance notice: a release type may need announcing some time before it starts (seed 002: 48 h
 * to all stakeholders; seed 003: 24 h; seed 000: 1 h). The request carries when it was announced
 * (`announcedAt`); Preflight refuses a start that comes too soon, saying when it may start. Pure.
 */
import { formatDuration, isoUtc } from './format.ts';

/** An announcement this far in the future is taken as clock skew between the caller and us. */
export const announcementSkewMs = 5 * 60_000;

export interface NoticeInput {
  readonly releaseType: string;
  readonly environment: string;
  /** The notice this release type needs, in seconds; undefined or 0 when none. */
  readonly noticeSeconds: number | undefined;
  /** When the release was announced (ISO 8601), from the request. */
  readonly announcedAt: string | undefined;
  readonly nowMs: number;
}

export type NoticeCheck =
  | { readonly passed: true; readonly detail: string }
  | { readonly passed: false; readonly detail: string; readonly earliestStartMs?: number };

/**
 * @example notice 48 h, announced 2026-01-08T10:00Z, now 2026-01-09T10:00Z → refused: it may start
 * at 2026-01-10T10:00Z.
 * @returns null when the release type needs no notice.
 */
export function checkNotice(input: NoticeInput): NoticeCheck | null {
  const { noticeSeconds, releaseType, environment, nowMs } = input;
  if (!noticeSeconds) return null;
  const notice = formatDuration(noticeSeconds);
  const rule = `${releaseType} releases in ${environment} are announced at least ${notice} before they start (notice.${releaseType})`;
  if (input.announcedAt === undefined) {
    return {
      passed: false,
      detail: `${rule}: announce this one and send the time in the request's announcedAt; it may start ${notice} after that`,
    };
  }
  const announcedMs = Date.parse(input.announcedAt);
  if (Number.isNaN(announcedMs)) {
    return {
      passed: false,
      detail: `announcedAt "${input.announcedAt}" is not a date-time; send one such as 2026-01-08T10:00:00Z`,
    };
  }
  if (announcedMs > nowMs + announcementSkewMs) {
    return {
      passed: false,
      detail: `request.announcedAt ${input.announcedAt} is in the future (now ${isoUtc(nowMs)}); send when the release was announced`,
    };
  }
  const earliestStartMs = announcedMs + noticeSeconds * 1000;
  if (nowMs < earliestStartMs) {
    return {
      passed: false,
      detail: `${rule}: this one was announced at ${isoUtc(announcedMs)}, ${formatDuration((nowMs - announcedMs) / 1000)} ago; it may start at ${isoUtc(earliestStartMs)}`,
      earliestStartMs,
    };
  }
  return {
    passed: true,
    detail: `announced at ${isoUtc(announcedMs)}, ${notice} or more before its start, as ${environment} requires`,
  };
}
