import type { AuditEvent } from '../ports/store.ts';
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

/** The figures that sum up one run: all in world time, the same every run but `wall`. */
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
  /** Requests per world second sent by the load generator. */
  readonly rps: number;
  /** World seconds the load ran. */
  readonly worldSeconds: number;
  readonly requestsSent: number;
  /** rps × world seconds: what the schedule asked for; `requestsSent` matches it. */
  readonly requestsScheduled: number;
  /** Requests the schedule asked for but the generator could not send (overload). Never hidden. */
  readonly notSent: number;
  readonly failed: PerColour<number> & { readonly unknown: number };
  /** World seconds from the fault's onset on green to the start of the rollback. */
  readonly timeToDetectSeconds: number | null;
  /** Rolled back before any user request reached green (VerifyGreen: health, smoke tests, the pre-traffic trial). */
  readonly caughtBeforeTraffic: boolean;
  /** World seconds from the start of the rollback to 100% on blue. */
  readonly timeToRestoreSeconds: number | null;
  /**
   * What no detector could have avoided: green's failures during one period of the fastest
   * metric the policy alarms on (canary rps × error rate × period).
   */
  readonly theoreticalMinimumFailed: number | null;
  /** That period, seconds: 10 with the app's high-resolution metrics, else ALB's 60. */
  readonly detectionPeriodSeconds: number;
  /** Step Functions state transitions. */
  readonly transitions: number;
  readonly database: DatabaseCheck;
  /** The only figures that depend on the machine: how long it took, and how fast real requests went. */
  readonly wall: { readonly seconds: number; readonly requestsPerSecond: number };
}

/** The moments a run's blast radius is measured between, world time (epoch ms); null when they did not happen. */
export interface SimulationMilestones {
  /** Green first got user traffic. */
  readonly firstShiftAtMs: number | null;
  /** The injected crash took green down (green-crash). */
  readonly crashAtMs: number | null;
  /** The workflow decided to roll back (the Rollback state was entered). */
  readonly rollbackAtMs: number | null;
  /** All traffic was back on blue. */
  readonly restoredAtMs: number | null;
}

/** Everything a report needs. */
export interface SimulationTimeline {
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly milestones: SimulationMilestones;
  /** One per world second, in time order. */
  readonly samples: readonly TimelineSample[];
  /** In time order. */
  readonly markers: readonly TimelineMarker[];
  readonly summary: SimulationSummary;
  /** The deployment's audit trail, oldest first: what the workflow recorded, as evidence. */
  readonly audit: readonly AuditEvent[];
}
