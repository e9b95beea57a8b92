/**
 * What one `greenlight simulate` run leaves behind: a per-second record of the traffic, the
 * workflow's milestones, and the figures that sum it up. The simulation fills it; the
 * renderers in this folder only read it, so every one of them is a pure function of it.
 *
 * All times are world time (the world clock may run faster than the wall clock), in epoch
 * milliseconds. Durations named `…Seconds` are world seconds unless the name says otherwise.
 */

/** Two numbers, one per colour. */
export interface PerColour<T> {
  readonly blue: T;
  readonly green: T;
}

/** One world second of traffic, as the load generator and the listener saw it. */
export interface TimelineSample {
  /** Start of the second, world time. */
  readonly atMs: number;
  /** Listener weights during that second, percent (blue + green = 100). */
  readonly weights: PerColour<number>;
  /** Requests answered by each colour that second, failed ones included. */
  readonly requests: PerColour<number>;
  /**
   * Failed requests (5xx or network error). `unknown` counts failures that could not be
   * attributed to a colour (the connection broke before a response); they are not part of
   * `requests`.
   */
  readonly failed: PerColour<number> & { readonly unknown: number };
  /** p95 latency that second, milliseconds; `null` when the colour served nothing. */
  readonly p95Ms: PerColour<number | null>;
}

/** A moment worth a vertical line on the chart. */
export interface TimelineMarker {
  readonly atMs: number;
  readonly label: string;
  /** `state`: a workflow state was entered; `alarm`: an alarm fired; `rollback`: the rollback began; `outcome`: the run ended. */
  readonly kind: 'state' | 'alarm' | 'rollback' | 'outcome';
}

/** One step of the traffic plan. */
export interface PlanStep {
  readonly weightPercent: number;
  readonly bakeSeconds: number;
}

/** Data safety, checked against the real PostgreSQL engine before and after the run. */
export interface DatabaseCheck {
  readonly rowsBefore: number;
  readonly rowsAfter: number;
  /** Writes the application confirmed to a client during the run. */
  readonly acknowledgedWrites: number;
  /** Acknowledged writes missing afterwards. Anything but 0 is a data-loss bug. */
  readonly lost: number;
}

/** The figures that sum up one run. */
export interface SimulationSummary {
  readonly scenario: string;
  readonly outcome: 'succeeded' | 'rolled-back' | 'failed';
  /** The execution's error name, when it did not succeed. */
  readonly error?: string;
  /** The execution's cause, when it did not succeed. */
  readonly cause?: string;
  readonly service: string;
  readonly fromVersion: string;
  readonly toVersion: string;
  readonly plan: readonly PlanStep[];
  /** World seconds per wall-clock second. */
  readonly timeScale: number;
  /** Requests per world second sent by the load generator. */
  readonly rps: number;
  readonly requestsSent: number;
  readonly failed: PerColour<number> & { readonly unknown: number };
  /** World seconds from the first green failure to the start of the rollback. */
  readonly timeToDetectSeconds: number | null;
  /** World seconds from the start of the rollback to 100% on blue. */
  readonly timeToRestoreSeconds: number | null;
  /** Canary weight × error rate × rps × detection time: what no detector could have avoided. */
  readonly theoreticalMinimumFailed: number | null;
  /** Step Functions state transitions. */
  readonly transitions: number;
  /** Real elapsed time of the run, wall-clock seconds. */
  readonly wallClockSeconds: number;
  readonly database: DatabaseCheck;
}

/** Everything a report needs. */
export interface SimulationTimeline {
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  /** One per world second, in time order. */
  readonly samples: readonly TimelineSample[];
  /** In time order. */
  readonly markers: readonly TimelineMarker[];
  readonly summary: SimulationSummary;
}
