import { describe, expect, it } from 'vitest';
import {
  decideAlarmState,
  formatNumber,
  formatReasonTimestamp,
} from '../../../src/local-world/alarms/alarm-decision.ts';
import type { TreatMissingData } from '../../../src/local-world/alarms/alarm-definition.ts';

const t0 = Date.UTC(2026, 10, 22, 3, 8, 0);

/** `X` breaching (7), `0` not breaching (1), `-` missing; oldest first. */
function points(pattern: string) {
  return [...pattern].map((c, i) => ({
    timestampMs: t0 + i * 60_000,
    value: c === 'X' ? 7 : c === '0' ? 1 : null,
  }));
}

function decide(
  pattern: string,
  treatMissingData: TreatMissingData,
  datapointsToAlarm: number,
  currentState = 'OK' as const,
) {
  return decideAlarmState({
    datapoints: points(pattern),
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    datapointsToAlarm,
    treatMissingData,
    currentState,
  });
}

describe('Function: decideAlarmState', () => {
  it.each([
    // 2 out of 3
    ['0X0', 2, 'missing', 'OK'],
    ['X0X', 2, 'missing', 'ALARM'],
    ['0XX', 2, 'missing', 'ALARM'],
    ['XX0', 2, 'missing', 'ALARM'],
    ['000', 2, 'missing', 'OK'],
    // All missing: each mode's documented outcome (current state OK).
    ['---', 2, 'missing', 'INSUFFICIENT_DATA'],
    ['---', 2, 'ignore', 'OK'],
    ['---', 2, 'breaching', 'ALARM'],
    ['---', 2, 'notBreaching', 'OK'],
    // Some missing: breaching fills them as breaching, the others do not count them.
    ['-X-', 2, 'breaching', 'ALARM'],
    ['-X-', 2, 'notBreaching', 'OK'],
    ['-X-', 2, 'missing', 'OK'],
    ['-X-', 2, 'ignore', 'OK'],
    ['-XX', 2, 'missing', 'ALARM'],
    ['0--', 3, 'breaching', 'OK'],
    ['X--', 3, 'breaching', 'ALARM'],
  ] as const)('%s with %d of 3 and %s → %s', (pattern, m, mode, expected) => {
    expect(decide(pattern, mode, m).state).toBe(expected);
  });

  it('keeps the current state with ignore when every datapoint is missing', () => {
    expect(decide('---', 'ignore', 2, 'ALARM' as 'OK').state).toBe('ALARM');
  });

  it('explains an ALARM like CloudWatch, newest datapoint first', () => {
    const decision = decideAlarmState({
      datapoints: [
        { timestampMs: t0, value: 6.2 },
        { timestampMs: t0 + 60_000, value: 1 },
        { timestampMs: t0 + 120_000, value: 7.1 },
      ],
      threshold: 5,
      comparison: 'GreaterThanThreshold',
      datapointsToAlarm: 2,
      treatMissingData: 'missing',
      currentState: 'OK',
    });
    expect(decision.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [7.1 (22/11/26 03:10:00), 6.2 (22/11/26 03:08:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
  });

  it('explains INSUFFICIENT_DATA and filled datapoints', () => {
    expect(decide('---', 'missing', 2).reason).toBe('Insufficient Data: 3 datapoints were unknown.');
    expect(decide('---', 'breaching', 2).reason).toBe(
      'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].',
    );
    expect(decide('0--', 'notBreaching', 2, 'ALARM' as 'OK').reason).toBe(
      'Threshold Crossed: 3 out of the last 3 datapoints [1.0 (22/11/26 03:08:00)] were not greater than the threshold (5.0) (minimum 2 datapoints for ALARM -> OK transition). 2 missing datapoints were treated as [NonBreaching].',
    );
  });

  it.each([
    ['GreaterThanOrEqualToThreshold', 5, 'ALARM'],
    ['LessThanThreshold', 5, 'OK'],
    ['LessThanThreshold', 4.9, 'ALARM'],
    ['LessThanOrEqualToThreshold', 5, 'ALARM'],
  ] as const)('%s compares %d against threshold 5', (comparison, value, expected) => {
    const datapoints = [{ timestampMs: t0, value: comparison.startsWith('Less') ? value : 5 }];
    const decision = decideAlarmState({
      datapoints,
      threshold: 5,
      comparison,
      datapointsToAlarm: 1,
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
