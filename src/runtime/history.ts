import type { Clock } from '../ports/clock.ts';

/**
 * Execution history in the shape of Step Functions' GetExecutionHistory, so the AWS CLI, the SDK
 * and Greenlight's own tools read local executions exactly like real ones.
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** `Task` → `TaskStateEntered`, `Choice` → `ChoiceStateEntered`, ... */
export const stateEventType = (stateType: string, phase: 'Entered' | 'Exited'): string =>
  `${stateType}State${phase}`;

export class ExecutionHistory {
  private readonly events: HistoryEvent[] = [];
  private readonly listeners = new Set<(event: HistoryEvent) => void>();

  /** @param clock stamps every event: the world's clock, so histories read in world time. */
  constructor(private readonly clock: Clock) {}

  add(type: string, details: Record<string, unknown> = {}, timestamp = this.clock.nowMs()): HistoryEvent {
    const id = this.events.length + 1;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp, type, ...details };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  all(): readonly HistoryEvent[] {
    return this.events;
  }

  /** State transitions as AWS counts them for billing: one per state entered. */
  transitions(): number {
    return this.events.filter((event) => event.type.endsWith('StateEntered')).length;
  }

  /** The names of the states entered, in order. */
  statesEntered(): string[] {
    return this.events
      .filter((event) => event.type.endsWith('StateEntered'))
      .map((event) => (event.stateEnteredEventDetails as { name: string }).name);
  }

  subscribe(listener: (event: HistoryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
