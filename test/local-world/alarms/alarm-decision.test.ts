import type { StateValue } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import {
  decideAlarmState,
  evaluationRangeFor,
  formatNumber,
  formatReasonTimestamp,
} from '../../../src/local-world/alarms/alarm-decision.ts';
import type { TreatMissingData } from '../../../src/local-world/alarms/alarm-definition.ts';

const t0 = Date.UTC(2026, 10, 22, 3, 8, 0);

/** `X` breaching (7), `0` not breaching (1), `-` missing; oldest first, most recent on the right. */
function points(pattern: string) {
  return [...pattern.replaceAll(' ', '')].map((c, i) => ({
    timestampMs: t0 + i * 300_000,
    value: c === 'X' ? 7 : c === '0' ? 1 : null,
  }));
}

function decide(
  pattern: string,
  treatMissingData: TreatMissingData,
  datapointsToAlarm: number,
  currentState: StateValue = 'OK',
) {
  return decideAlarmState({
    range: points(pattern),
    evaluationPeriods: 3,
    datapointsToAlarm,
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    treatMissingData,
    currentState,
  });
}

const modes = ['missing', 'ignore', 'breaching', 'notBreaching'] as const;
/** "Retain current state": the tables' word for no change. Tests start from this state to see it. */
const retain = 'INSUFFICIENT_DATA';

/**
 * Source: Amazon CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data",
 * section "How alarm state is evaluated when data is missing" (AlarmThatSendsEmail.html#alarms-
 * evaluating-missing-data). Period 5 minutes, Evaluation Periods 3, evaluation range 5; the
 * columns are TreatMissingData MISSING, IGNORE, BREACHING, NOT BREACHING.
 */
const documented: readonly (readonly [string, number, readonly StateValue[]])[] = [
  // First table: Datapoints to Alarm 3 (3 out of 3).
  ['0 - X - X', 3, ['OK', 'OK', 'OK', 'OK']],
  ['0 - - - -', 3, ['OK', 'OK', 'OK', 'OK']],
  ['- - - - -', 3, ['INSUFFICIENT_DATA', retain, 'ALARM', 'OK']],
  ['0 X X - X', 3, ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
  ['- - X - -', 3, ['ALARM', retain, 'ALARM', 'OK']],
  // Second table: Datapoints to Alarm 2 (2 out of 3).
  ['0 - X - X', 2, ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
  ['0 0 X 0 X', 2, ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
  ['0 - X - -', 2, ['OK', 'OK', 'ALARM', 'OK']],
  ['- - - - 0', 2, ['OK', 'OK', 'ALARM', 'OK']],
  ['- - - X -', 2, ['ALARM', retain, 'ALARM', 'OK']],
];

describe('Function: decideAlarmState', () => {
  it('retrieves two periods more than it evaluates, as the guide’s example (3 evaluated, range 5)', () => {
    expect(evaluationRangeFor(3)).toBe(5);
  });

  describe.each(documented)('the guide’s row %s, %d out of 3', (pattern, m, expected) => {
    it.each(modes.map((mode, index) => [mode, expected[index] as StateValue] as const))(
      'with %s goes to %s',
      (mode, state) => {
        expect(decide(pattern, mode, m, retain).state).toBe(state);
      },
    );
  });

  it.each([
    // "Avoiding premature transitions to alarm state": with Datapoints to Alarm 3, a fresh
    // breaching datapoint after missing ones is not yet an alarm; the next one may be fine.
    ['- - - - X', 'OK'],
    ['- - - X -', 'OK'],
    // "if the last few data points are - - X - -, the alarm goes into ALARM state even if
    // missing data points are treated as missing"
    ['- - X - -', 'ALARM'],
  ] as const)(
    'waits on the premature alarm %s with missing data treated as missing (from %s)',
    (pattern, state) => {
      expect(decide(pattern, 'missing', 3, 'OK').state).toBe(state);
    },
  );

  it('evaluates the most recent real datapoints, ignoring missing treatment, when there are enough', () => {
    // The case: notBreaching, 0 X X - X, 3 of 3. Older real datapoints stand in.
    const decision = decide('0 X X - X', 'notBreaching', 3);
    expect(decision.state).toBe('ALARM');
    expect(decision.evaluated.map((d) => d.value)).toEqual([7, 7, 7]);
  });

  it('explains an ALARM like CloudWatch: the breaching datapoints newest first, OK -> ALARM', () => {
    const decision = decideAlarmState({
      range: [
        { timestampMs: t0, value: 6.2 },
        { timestampMs: t0 + 60_000, value: 1 },
        { timestampMs: t0 + 120_000, value: 7.1 },
      ],
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: 5,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      currentState: 'OK',
    });
    expect(decision.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [7.1 (22/11/26 03:10:00), 6.2 (22/11/26 03:08:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
  });

  it('names a transition from INSUFFICIENT_DATA "OK -> ALARM", as the guide’s metric math sample does', () => {
    // Sample TotalNetworkTrafficTooHigh: previous state INSUFFICIENT_DATA ("Unchecked: Initial
    // alarm creation"), reason "... (minimum 1 datapoint for OK -> ALARM transition)."
    const decision = decideAlarmState({
      range: [{ timestampMs: Date.UTC(2019, 9, 2, 17, 10), value: 45628 }],
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 10000,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      currentState: 'INSUFFICIENT_DATA',
    });
    expect(decision.reason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [45628.0 (02/10/19 17:10:00)] was greater than the threshold (10000.0) (minimum 1 datapoint for OK -> ALARM transition).',
    );
  });

  it('explains a return to OK as the guide’s ServerCpuTooHigh sample does', () => {
    const decision = decideAlarmState({
      range: [{ timestampMs: Date.UTC(2019, 9, 1, 13, 46), value: 0.0666851903306472 }],
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 50,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      currentState: 'ALARM',
    });
    expect(decision.reason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [0.0666851903306472 (01/10/19 13:46:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).',
    );
  });

  it('explains INSUFFICIENT_DATA and filled datapoints', () => {
    expect(decide('- - - - -', 'missing', 2).reason).toBe('Insufficient Data: 3 datapoints were unknown.');
    expect(decide('- - - - -', 'breaching', 2).reason).toBe(
      'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].',
    );
    expect(decide('- - - - 0', 'notBreaching', 2, 'ALARM').reason).toBe(
      'Threshold Crossed: 3 out of the last 3 datapoints [1.0 (22/11/26 03:28:00)] were not greater than the threshold (5.0) (minimum 2 datapoints for ALARM -> OK transition). 2 missing datapoints were treated as [NonBreaching].',
    );
  });

  it.each([
    ['GreaterThanOrEqualToThreshold', 5, 'ALARM'],
    ['LessThanThreshold', 5, 'OK'],
    ['LessThanThreshold', 4.9, 'ALARM'],
    ['LessThanOrEqualToThreshold', 5, 'ALARM'],
  ] as const)('%s compares %d against threshold 5', (comparison, value, expected) => {
    const decision = decideAlarmState({
      range: [{ timestampMs: t0, value: comparison.startsWith('Less') ? value : 5 }],
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 5,
      comparison,
      treatMissingData: 'missing',
      currentState: 'INSUFFICIENT_DATA',
    });
    expect(decision.state).toBe(expected);
  });

  it('formats numbers and timestamps as CloudWatch does', () => {
    expect([formatNumber(5), formatNumber(7.1), formatNumber(0.25)]).toEqual(['5.0', '7.1', '0.25']);
    expect(formatReasonTimestamp(Date.UTC(2026, 10, 2, 3, 4, 5))).toBe('02/11/26 03:04:05');
  });
});
