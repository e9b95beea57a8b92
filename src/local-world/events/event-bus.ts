import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { InvalidRequestError, ResourceNotFoundError } from '../../errors.ts';
import { createWallClock } from '../clock/wall-clock.ts';
import type { WorldClock } from '../clock/world-clock.ts';
import { type EventPattern, matchesPattern, validatePattern } from './event-pattern.ts';
import { type EventBridgeEventShape, eventTime } from './event-types.ts';
import {
  applyInputTransformer,
  type InputTransformerSpec,
  readJsonPath,
  validateInputTransformer,
} from './input-transformer.ts';
import { parseLosslessJson } from './lossless-json.ts';

export interface PutRuleInput {
  readonly Name: string;
  /** JSON text (as the API takes it) or the parsed object. */
  readonly EventPattern: string | EventPattern;
  /** @default 'ENABLED' */
  readonly State?: 'ENABLED' | 'DISABLED';
}

/** A rule target: a function standing in for a Lambda, a Step Functions callback, a queue… */
export interface BusTarget {
  readonly Id: string;
  /** Receives the event (or what InputPath / InputTransformer make of it). A rejection is retried. */
  readonly target: (input: unknown) => Promise<unknown>;
  readonly InputPath?: string;
  readonly InputTransformer?: InputTransformerSpec;
}

/** One attempt history of delivering one event to one target. */
export interface Delivery {
  readonly eventId: string;
  readonly ruleName: string;
  readonly targetId: string;
  readonly input: unknown;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly error?: string;
}

export interface EventBusOptions {
  /**
   * Stamps events without a Time, runs retry delays, and tracks each delivery as work (on a
   * virtual clock no time passes while a target runs). @default real time
   */
  readonly clock?: WorldClock;
  /** @default '000000000000' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Attempts per delivery before it goes to the dead-letter list. @default 3 */
  readonly maxAttempts?: number;
  /** World ms before retry k (k = 1, 2, …) is `retryDelayMs * 2^(k-1)`. @default 0 */
  readonly retryDelayMs?: number;
  /** Deliveries kept for inspection (oldest dropped first). @default 10000 */
  readonly maxDeliveryRecords?: number;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

export interface PublishResult {
  readonly eventId: string;
  /** Names of the enabled rules whose pattern matched. */
  readonly matchedRules: readonly string[];
}

export interface EventBus {
  readonly name: string;
  readonly arn: string;
  /** Creates or replaces a rule; throws InvalidRequestError listing the pattern's problems. */
  putRule(input: PutRuleInput): { RuleArn: string };
  deleteRule(name: string): void;
  /** Adds or replaces targets (by Id) of an existing rule. */
  putTargets(ruleName: string, targets: readonly BusTarget[]): { FailedEntryCount: 0; FailedEntries: [] };
  /** PutEvents: fills id, time, account and region, then matches rules and delivers asynchronously. */
  putEvents(
    entries: readonly PutEventsRequestEntry[] | { readonly Entries: readonly PutEventsRequestEntry[] },
  ): {
    FailedEntryCount: number;
    Entries: PutEventsResultEntry[];
  };
  /** Routes an already-shaped event (e.g. a CloudWatch Alarm State Change). */
  publish(event: EventBridgeEventShape): PublishResult;
  /** Every delivery so far (pending ones too), oldest first. */
  deliveries(): Delivery[];
  /** Deliveries that failed every attempt: the dead-letter list. */
  failedDeliveries(): Delivery[];
  /** Resolves once no delivery is in flight (including ones started while draining). */
  drain(): Promise<void>;
}

interface Rule {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly enabled: boolean;
  readonly targets: Map<string, BusTarget>;
}

/** Creates an EventBridge-like bus named `name`. */
export function createEventBus(name: string, options: EventBusOptions = {}): EventBus {
  const account = options.account ?? '000000000000';
  const region = options.region ?? 'us-east-1';
  const clock = options.clock ?? createWallClock({ timeScale: 1 });
  const maxAttempts = options.maxAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 0;
  const maxRecords = options.maxDeliveryRecords ?? 10_000;
  const newId = options.newId ?? randomUUID;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidRequestError(`maxAttempts must be a whole number >= 1; got ${maxAttempts}`);
  }
  const arn = `arn:aws:events:${region}:${account}:event-bus/${name}`;
  const ruleArn = (ruleName: string) =>
    `arn:aws:events:${region}:${account}:rule/${name === 'default' ? '' : `${name}/`}${ruleName}`;
  const rules = new Map<string, Rule>();
  const records: Delivery[] = [];
  const inFlight = new Set<Promise<void>>();

  const deliver = async (record: { -readonly [K in keyof Delivery]: Delivery[K] }, target: BusTarget) => {
    while (record.attempts < maxAttempts) {
      if (record.attempts > 0 && retryDelayMs > 0) {
        await clock.sleep(retryDelayMs * 2 ** (record.attempts - 1));
      }
      record.attempts++;
      try {
        // Each attempt is work; the wait between attempts is not, so world time may pass then.
        await clock.track(`event to ${record.ruleName}/${record.targetId}`, () =>
          target.target(record.input),
        );
        record.status = 'delivered';
        delete record.error;
        return;
      } catch (error) {
        record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    record.status = 'failed';
  };

  /** `asMatched` is the event as patterns see it: numbers with their spelling, when known. */
  const dispatch = (
    event: EventBridgeEventShape,
    ingestionTimeMs: number,
    asMatched: unknown = event,
  ): PublishResult => {
    const matchedRules: string[] = [];
    for (const rule of rules.values()) {
      if (!rule.enabled || !matchesPattern(rule.pattern, asMatched)) continue;
      matchedRules.push(rule.name);
      for (const target of rule.targets.values()) {
        const record: { -readonly [K in keyof Delivery]: Delivery[K] } = {
          eventId: event.id,
          ruleName: rule.name,
          targetId: target.Id,
          input: undefined,
          status: 'pending',
          attempts: 0,
        };
        records.push(record);
        if (records.length > maxRecords) records.shift();
        try {
          record.input = targetInput(target, event, {
            ruleName: rule.name,
            ruleArn: ruleArn(rule.name),
            ingestionTimeMs,
          });
        } catch (error) {
          record.status = 'failed';
          record.error = (error as Error).message;
          continue;
        }
        // Deliver after the caller's turn, like the real bus: putEvents returns before targets run.
        const delivery = Promise.resolve().then(() => deliver(record, target));
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      }
    }
    return { eventId: event.id, matchedRules };
  };

  return {
    name,
    arn,
    putRule(input) {
      const pattern =
        typeof input.EventPattern === 'string'
          ? parsePattern(input.Name, input.EventPattern)
          : input.EventPattern;
      const problems = validatePattern(pattern);
      if (problems.length > 0) {
        throw new InvalidRequestError(
          `rule "${input.Name}" has an invalid EventPattern: ${problems.join('; ')}`,
          problems,
        );
      }
      rules.set(input.Name, {
        name: input.Name,
        pattern,
        enabled: (input.State ?? 'ENABLED') === 'ENABLED',
        targets: rules.get(input.Name)?.targets ?? new Map(),
      });
      return { RuleArn: ruleArn(input.Name) };
    },
    deleteRule(ruleName) {
      rules.delete(ruleName);
    },
    putTargets(ruleName, targets) {
      const rule = rules.get(ruleName);
      if (rule === undefined)
        throw new ResourceNotFoundError(
          `rule "${ruleName}" does not exist on event bus "${name}"; call putRule first`,
        );
      for (const target of targets) {
        if (target.InputPath !== undefined && target.InputTransformer !== undefined) {
          throw new InvalidRequestError(
            `target "${target.Id}" of rule "${ruleName}": give InputPath or InputTransformer, not both`,
          );
        }
        if (target.InputPath !== undefined) readJsonPath({}, target.InputPath);
        const problems =
          target.InputTransformer === undefined ? [] : validateInputTransformer(target.InputTransformer);
        if (problems.length > 0) {
          throw new InvalidRequestError(
            `target "${target.Id}" of rule "${ruleName}": ${problems.join('; ')}`,
            problems,
          );
        }
      }
      for (const target of targets) rule.targets.set(target.Id, target);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
    putEvents(input) {
      const entries = Array.isArray(input)
        ? input
        : (input as { Entries: readonly PutEventsRequestEntry[] }).Entries;
      const results = entries.map((entry): PutEventsResultEntry => {
        const problem = entryProblem(entry, name, arn);
        if (problem !== undefined) return problem;
        const nowMs = clock.nowMs();
        const event: EventBridgeEventShape = {
          version: '0',
          id: newId(),
          'detail-type': entry.DetailType as string,
          source: entry.Source as string,
          account,
          time: eventTime(entry.Time?.getTime() ?? nowMs),
          region,
          resources: entry.Resources ?? [],
          detail: JSON.parse(entry.Detail as string),
        };
        dispatch(event, nowMs, { ...event, detail: parseLosslessJson(entry.Detail as string) });
        return { EventId: event.id };
      });
      return { FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results };
    },
    publish: (event) => dispatch(event, clock.nowMs()),
    deliveries: () => records.map((record) => ({ ...record })),
    failedDeliveries: () =>
      records.filter((record) => record.status === 'failed').map((record) => ({ ...record })),
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

function parsePattern(ruleName: string, text: string): EventPattern {
  try {
    return parseLosslessJson(text) as EventPattern;
  } catch (error) {
    throw new InvalidRequestError(
      `rule "${ruleName}": EventPattern is not valid JSON (${(error as Error).message})`,
    );
  }
}

function targetInput(
  target: BusTarget,
  event: EventBridgeEventShape,
  context: { ruleName: string; ruleArn: string; ingestionTimeMs: number },
): unknown {
  if (target.InputTransformer !== undefined)
    return applyInputTransformer(target.InputTransformer, event, context);
  if (target.InputPath !== undefined) return readJsonPath(event, target.InputPath);
  return event;
}

/** PutEvents' per-entry validation: returns the failed result entry, or undefined when the entry is fine. */
function entryProblem(
  entry: PutEventsRequestEntry,
  busName: string,
  busArn: string,
): PutEventsResultEntry | undefined {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
    return {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameters Source, DetailType and Detail are required',
    };
  }
  if (entry.EventBusName !== undefined && entry.EventBusName !== busName && entry.EventBusName !== busArn) {
    return {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Event bus ${entry.EventBusName} does not exist here (this is ${busName})`,
    };
  }
  try {
    const detail: unknown = JSON.parse(entry.Detail);
    if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) return undefined;
  } catch {
    // fall through
  }
  return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object' };
}
