import type { StateValue } from '@aws-sdk/client-cloudwatch';
import type { SupportedComparison, TreatMissingData } from './alarm-definition.ts';

/** One evaluated period: its start (epoch ms) and value, or null when the period had no data. */
export interface Datapoint {
  readonly timestampMs: number;
  readonly value: number | null;
}

export interface AlarmDecisionInput {
  /** The last N complete periods, oldest first. */
  readonly datapoints: readonly Datapoint[];
  readonly threshold: number;
  readonly comparison: SupportedComparison;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  readonly currentState: StateValue;
}

/** The verdict of one evaluation; `state` equal to `currentState` means no transition. */
export interface AlarmDecision {
  readonly state: StateValue;
  readonly reason: string;
  readonly breachingCount: number;
}

const operatorWords: Record<SupportedComparison, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** Whether `value` breaches the threshold under `comparison`. */
export function isBreaching(value: number, comparison: SupportedComparison, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

/**
 * CloudWatch's M-out-of-N decision over the evaluation range (the last N complete periods):
 *
 * - When every datapoint is missing: `missing` → INSUFFICIENT_DATA, `ignore` → keep the current
 *   state, `breaching` → ALARM, `notBreaching` → OK.
 * - Otherwise real datapoints always count; missing ones count as breaching (`breaching`), as
 *   not breaching (`notBreaching`), or not at all (`missing`, `ignore`). ALARM when at least M
 *   count as breaching, else OK.
 *
 * Simplification (documented): CloudWatch may look a few periods further back to replace
 * missing datapoints with older real ones before applying TreatMissingData; this evaluator
 * looks at exactly the last N periods, so results are predictable under compressed time.
 */
export function decideAlarmState(input: AlarmDecisionInput): AlarmDecision {
  const { datapoints, threshold, comparison, datapointsToAlarm, treatMissingData, currentState } = input;
  const n = datapoints.length;
  const real = datapoints.filter((d): d is { timestampMs: number; value: number } => d.value !== null);
  const missingCount = n - real.length;
  const breachingReal = real.filter((d) => isBreaching(d.value, comparison, threshold));
  const notBreachingReal = real.filter((d) => !isBreaching(d.value, comparison, threshold));
  const words = operatorWords[comparison];
  const thresholdText = formatNumber(threshold);

  if (missingCount === n) {
    if (treatMissingData === 'ignore') return { state: currentState, reason: '', breachingCount: 0 };
    if (treatMissingData === 'missing') {
      return {
        state: 'INSUFFICIENT_DATA',
        reason: `Insufficient Data: ${plural(n, 'datapoint')} ${wasWere(n)} unknown.`,
        breachingCount: 0,
      };
    }
    const treatedAs = treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching';
    return {
      state: treatMissingData === 'breaching' ? 'ALARM' : 'OK',
      reason: `Threshold Crossed: no datapoints were received for ${plural(n, 'period')} and ${plural(n, 'missing datapoint')} ${wasWere(n)} treated as [${treatedAs}].`,
      breachingCount: treatMissingData === 'breaching' ? n : 0,
    };
  }

  const filledBreaching = treatMissingData === 'breaching' ? missingCount : 0;
  const filledNotBreaching = treatMissingData === 'notBreaching' ? missingCount : 0;
  const breachingCount = breachingReal.length + filledBreaching;
  const filledNote = (count: number, as: string): string =>
    count === 0 ? '' : ` ${plural(count, 'missing datapoint')} ${wasWere(count)} treated as [${as}].`;

  if (breachingCount >= datapointsToAlarm) {
    return {
      state: 'ALARM',
      reason:
        `Threshold Crossed: ${breachingCount} out of the last ${n} datapoints [${listNewestFirst(breachingReal)}] ${wasWere(breachingCount)} ${words} the threshold (${thresholdText}) (minimum ${plural(datapointsToAlarm, 'datapoint')} for ${currentState} -> ALARM transition).` +
        filledNote(filledBreaching, 'Breaching'),
      breachingCount,
    };
  }
  const okCount = notBreachingReal.length + filledNotBreaching;
  const minimumForOk = n - datapointsToAlarm + 1;
  const reason =
    okCount > 0
      ? `Threshold Crossed: ${okCount} out of the last ${n} datapoints [${listNewestFirst(notBreachingReal)}] ${wasWere(okCount)} not ${words} the threshold (${thresholdText}) (minimum ${plural(minimumForOk, 'datapoint')} for ${currentState} -> OK transition).` +
        filledNote(filledNotBreaching, 'NonBreaching')
      : `Threshold Crossed: only ${breachingCount} out of the last ${n} datapoints [${listNewestFirst(breachingReal)}] ${wasWere(breachingCount)} ${words} the threshold (${thresholdText}), fewer than the ${datapointsToAlarm} needed for ALARM; ${plural(missingCount, 'datapoint')} ${wasWere(missingCount)} missing.`;
  return { state: 'OK', reason, breachingCount };
}

/** Numbers as CloudWatch prints them (Java doubles): `5.0`, `7.1`, `0.0666851903306472`. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** Period timestamps as CloudWatch prints them in reasons: `dd/MM/yy HH:mm:ss`, UTC. */
export function formatReasonTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}

function listNewestFirst(datapoints: readonly { timestampMs: number; value: number }[]): string {
  return [...datapoints]
    .sort((a, b) => b.timestampMs - a.timestampMs)
    .map((d) => `${formatNumber(d.value)} (${formatReasonTimestamp(d.timestampMs)})`)
    .join(', ');
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const wasWere = (count: number): string => (count === 1 ? 'was' : 'were');
