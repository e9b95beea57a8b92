import type { StateValue } from '@aws-sdk/client-cloudwatch';
import type { SupportedComparison, TreatMissingData } from './alarm-definition.ts';

/** One evaluated period: its start (epoch ms) and value, or null when the period had no data. */
export interface Datapoint {
  readonly timestampMs: number;
  readonly value: number | null;
}

export interface AlarmDecisionInput {
  /** The evaluation range: the most recent periods, oldest first, at least `evaluationPeriods` of them. */
  readonly range: readonly Datapoint[];
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: SupportedComparison;
  readonly treatMissingData: TreatMissingData;
  readonly currentState: StateValue;
}

/** The verdict of one evaluation; `state` equal to `currentState` means no transition. */
export interface AlarmDecision {
  readonly state: StateValue;
  readonly reason: string;
  /** The real datapoints the verdict rests on, oldest first (StateReasonData's `recentDatapoints`). */
  readonly evaluated: readonly Datapoint[];
}

/**
 * How many periods CloudWatch retrieves to evaluate an alarm of `evaluationPeriods`. AWS gives
 * no formula, only its example: "Datapoints to Alarm and Evaluation Periods are both 3.
 * CloudWatch retrieves the 5 most recent data points ... 5 is the evaluation range."
 */
export const evaluationRangeFor = (evaluationPeriods: number): number => evaluationPeriods + 2;

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

type Real = { readonly timestampMs: number; readonly value: number };

/**
 * CloudWatch's alarm evaluation, as the User Guide documents it ("How alarm state is evaluated
 * when data is missing" and "Avoiding premature transitions to alarm state"), with N evaluation
 * periods, M datapoints to alarm and the evaluation range R (see `evaluationRangeFor`):
 *
 * 1. At least N real datapoints in the range: the most recent N real ones are evaluated (older
 *    ones stand in for missing recent ones) and TreatMissingData is not used. ALARM when at
 *    least M breach, else OK.
 * 2. Fewer than N: every real datapoint in the range counts, and missing ones fill up to N:
 *    - `breaching`: fills breach; `notBreaching`: they do not; ALARM when at least M breach, else OK;
 *    - `missing`: none at all is INSUFFICIENT_DATA; otherwise ALARM when M real ones breach, or
 *      (the premature-alarm rule) when no real one is non-breaching and the oldest breaching one
 *      is at least M periods old; else OK when a real one is non-breaching, else no change;
 *    - `ignore`: as `missing`, without the premature-alarm rule, and none at all keeps the state.
 *
 * Every row of the guide's two tables is a test of this function (alarm-decision.test.ts).
 */
export function decideAlarmState(input: AlarmDecisionInput): AlarmDecision {
  const { range, evaluationPeriods: n, datapointsToAlarm: m, treatMissingData, currentState } = input;
  const breaches = (d: Real): boolean => isBreaching(d.value, input.comparison, input.threshold);
  const reals = range.filter((d): d is Real => d.value !== null);
  const texts = reasonTexts(input);

  if (reals.length >= n) {
    const evaluated = reals.slice(-n);
    const breaching = evaluated.filter(breaches);
    return breaching.length >= m
      ? { state: 'ALARM', reason: texts.alarm(breaching, 0), evaluated }
      : {
          state: 'OK',
          reason: texts.ok(
            evaluated.filter((d) => !breaches(d)),
            0,
          ),
          evaluated,
        };
  }

  const fills = n - reals.length;
  const breaching = reals.filter(breaches);
  const notBreaching = reals.filter((d) => !breaches(d));
  const keep = (): AlarmDecision => ({ state: currentState, reason: '', evaluated: reals });
  if (treatMissingData === 'breaching' || treatMissingData === 'notBreaching') {
    const filledBreaching = treatMissingData === 'breaching' ? fills : 0;
    if (reals.length === 0)
      return { state: filledBreaching >= m ? 'ALARM' : 'OK', reason: texts.noData(), evaluated: [] };
    return breaching.length + filledBreaching >= m
      ? { state: 'ALARM', reason: texts.alarm(breaching, filledBreaching), evaluated: reals }
      : { state: 'OK', reason: texts.ok(notBreaching, fills - filledBreaching), evaluated: reals };
  }
  if (reals.length === 0) {
    return treatMissingData === 'ignore'
      ? keep()
      : { state: 'INSUFFICIENT_DATA', reason: texts.insufficient(), evaluated: [] };
  }
  if (breaching.length >= m) return { state: 'ALARM', reason: texts.alarm(breaching, 0), evaluated: reals };
  const oldestBreachingAge =
    breaching.length === 0 ? 0 : range.length - range.indexOf(breaching[0] as Datapoint);
  if (treatMissingData === 'missing' && notBreaching.length === 0 && oldestBreachingAge >= m) {
    return { state: 'ALARM', reason: texts.alarm(breaching, 0), evaluated: reals };
  }
  return notBreaching.length > 0
    ? { state: 'OK', reason: texts.ok(notBreaching, 0), evaluated: reals }
    : keep();
}

/** The state reasons in CloudWatch's words (the samples of the CloudWatch and EventBridge page). */
function reasonTexts(input: AlarmDecisionInput) {
  const { evaluationPeriods: n, datapointsToAlarm: m } = input;
  const words = operatorWords[input.comparison];
  const threshold = formatNumber(input.threshold);
  const filled = (count: number, as: string): string =>
    count === 0 ? '' : ` ${plural(count, 'missing datapoint')} ${wasWere(count)} treated as [${as}].`;
  return {
    // CloudWatch names the transition "OK -> ALARM" even when it leaves INSUFFICIENT_DATA.
    alarm: (breaching: readonly Real[], filledBreaching: number): string =>
      `Threshold Crossed: ${breaching.length + filledBreaching} out of the last ${n} datapoints [${listNewestFirst(breaching)}] ${wasWere(breaching.length + filledBreaching)} ${words} the threshold (${threshold}) (minimum ${plural(m, 'datapoint')} for OK -> ALARM transition).${filled(filledBreaching, 'Breaching')}`,
    ok: (notBreaching: readonly Real[], filledNotBreaching: number): string =>
      `Threshold Crossed: ${notBreaching.length + filledNotBreaching} out of the last ${n} datapoints [${listNewestFirst(notBreaching)}] ${wasWere(notBreaching.length + filledNotBreaching)} not ${words} the threshold (${threshold}) (minimum ${plural(n - m + 1, 'datapoint')} for ALARM -> OK transition).${filled(filledNotBreaching, 'NonBreaching')}`,
    noData: (): string =>
      `Threshold Crossed: no datapoints were received for ${plural(n, 'period')} and ${plural(n, 'missing datapoint')} ${wasWere(n)} treated as [${input.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching'}].`,
    insufficient: (): string => `Insufficient Data: ${plural(n, 'datapoint')} ${wasWere(n)} unknown.`,
  };
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

function listNewestFirst(datapoints: readonly Real[]): string {
  return [...datapoints]
    .sort((a, b) => b.timestampMs - a.timestampMs)
    .map((d) => `${formatNumber(d.value)} (${formatReasonTimestamp(d.timestampMs)})`)
    .join(', ');
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const wasWere = (count: number): string => (count === 1 ? 'was' : 'were');
