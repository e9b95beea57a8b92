import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { appDimensions, appMetrics, highResolutionPeriodSeconds } from '../../core/alarm-definitions.ts';
import type { Colour } from '../../ports/colour.ts';
import type { WorldClock } from '../clock/world-clock.ts';

export interface AppMetricsOptions {
  readonly clock: WorldClock;
  readonly namespace: string;
  readonly service: string;
  readonly environment: string;
  readonly colour: Colour;
  readonly put: (input: PutMetricDataCommandInput) => unknown;
  /** False while the process is gone (crashed, or scaled to zero): a dead task publishes nothing. */
  readonly alive: () => boolean;
}

/** What the app records per request and publishes every 10 s. */
export interface AppMetrics {
  record(status: number, latencyMs: number): void;
  stop(): void;
}

/**
 * The app's high-resolution metrics, as an EMF/PutMetricData agent in each task would send
 * them: every 10 world seconds, the counts and latencies of the 10 s just ended, with
 * StorageResolution 1. `Requests` is sent even when it is 0, so silence means the task is gone.
 */
export function startAppMetrics(options: AppMetricsOptions): AppMetrics {
  const periodMs = highResolutionPeriodSeconds * 1000;
  const dimensions = appDimensions(options.service, options.environment, options.colour);
  let requests = 0;
  let errors = 0;
  let latencies = new Map<number, number>();

  const flush = (): void => {
    const endMs = Math.floor(options.clock.nowMs() / periodMs) * periodMs;
    const timestamp = new Date(endMs - periodMs);
    if (options.alive()) {
      const datum = (MetricName: string, fields: Record<string, unknown>) => ({
        MetricName,
        Dimensions: dimensions,
        Timestamp: timestamp,
        StorageResolution: 1,
        ...fields,
      });
      options.put({
        Namespace: options.namespace,
        MetricData: [
          datum(appMetrics.requests, { Value: requests, Unit: 'Count' }),
          datum(appMetrics.errors5xx, { Value: errors, Unit: 'Count' }),
          ...(latencies.size === 0
            ? []
            : [
                datum(appMetrics.latencyMs, {
                  Values: [...latencies.keys()],
                  Counts: [...latencies.values()],
                  Unit: 'Milliseconds',
                }),
              ]),
        ],
      });
    }
    requests = 0;
    errors = 0;
    latencies = new Map();
  };
  const stop = options.clock.setInterval(periodMs, flush, { background: true });

  return {
    record(status, latencyMs) {
      requests += 1;
      if (status >= 500) errors += 1;
      const rounded = Math.round(latencyMs);
      latencies.set(rounded, (latencies.get(rounded) ?? 0) + 1);
    },
    stop,
  };
}
