/** An event as EventBridge delivers it to targets (and as rules match it). */
export interface EventBridgeEventShape<TDetailType extends string = string, TDetail = unknown> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': TDetailType;
  readonly source: string;
  readonly account: string;
  /** ISO-8601 without milliseconds, e.g. `2026-11-22T03:10:00Z`, as EventBridge writes it. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: TDetail;
}

/** Formats epoch ms the way EventBridge writes an event's `time`: seconds precision, `Z`. */
export function eventTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}
