import type { AslState } from './definition.ts';
import { resolveReferencePath } from './reference-path.ts';

/**
 * How long a Wait state waits, in world ms, from its effective input (after `InputPath`) and the
 * world's `nowMs`: `Seconds`, `SecondsPath`, `Timestamp` or `TimestampPath`, as the States
 * Language defines them. A timestamp in the past waits 0. A path that does not resolve to what
 * it must is `States.Runtime`, as on AWS.
 */
export function waitDurationMs(state: AslState, input: unknown, nowMs: number): number {
  if (typeof state.Seconds === 'number') return state.Seconds * 1000;
  if (typeof state.SecondsPath === 'string') {
    const seconds = resolveReferencePath(state.SecondsPath, input);
    if (!Number.isInteger(seconds) || (seconds as number) < 0) {
      throw waitError(
        `SecondsPath ${state.SecondsPath} must point to a whole number >= 0; got ${JSON.stringify(seconds)}`,
      );
    }
    return (seconds as number) * 1000;
  }
  const timestamp =
    typeof state.Timestamp === 'string'
      ? state.Timestamp
      : typeof state.TimestampPath === 'string'
        ? resolveReferencePath(state.TimestampPath as string, input)
        : undefined;
  const atMs = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(atMs)) {
    throw waitError(
      `a Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath with an RFC 3339 time; got ${JSON.stringify(timestamp)}`,
    );
  }
  return Math.max(0, atMs - nowMs);
}

function waitError(message: string): Error {
  const error = new Error(message);
  error.name = 'States.Runtime';
  return error;
}
