import type { ServiceBinding } from '../schema/config.ts';
import type { Colour } from './colour.ts';

/** What one target group did over a window (ALB metrics on AWS, GetMetricData-shaped locally). */
export interface TargetGroupStats {
  readonly requests: number;
  readonly errors5xx: number;
  /** p95 of TargetResponseTime in ms, or null when there were no requests. */
  readonly p95Ms: number | null;
  /** UnHealthyHostCount per period, oldest first: the verdict counts the trailing run of non-zero ones. */
  readonly unhealthyHostSeries: readonly number[];
}

export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** The app's own counts of one colour: its high-resolution metrics (src/core/alarm-definitions.ts). */
export interface AppCountsRequest {
  readonly namespace: string;
  readonly service: string;
  readonly environment: string;
  readonly colour: Colour;
  readonly window: TimeWindow;
}

export interface Metrics {
  targetGroupStats(binding: ServiceBinding, colour: Colour, window: TimeWindow): Promise<TargetGroupStats>;
  /** Requests and 5xx the app counted itself over the window (GetMetricData on its namespace). */
  appCounts(request: AppCountsRequest): Promise<{ readonly requests: number; readonly errors: number }>;
}
