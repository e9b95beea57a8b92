import { describe, expect, it } from 'vitest';
import { alarmsOnTraffic, breachPredatesTraffic, evaluatedUntilMs } from '../../src/core/alarm-timing.ts';

/** StateReasonData as CloudWatch writes it (the User Guide's sample shape). */
const reasonData = (startDate: string, period: number, datapoints: number[]) =>
  JSON.stringify({
    version: '1.0',
    queryDate: startDate,
    startDate,
    statistic: 'Maximum',
    period,
    recentDatapoints: datapoints,
    threshold: 1,
  });

const at = (hhmmss: string) => Date.parse(`2026-01-06T${hhmmss}.000Z`);

describe('Function: evaluatedUntilMs', () => {
  it.each([
    [reasonData('2026-01-06T10:00:00.000+0000', 60, [1]), at('10:01:00')],
    [reasonData('2026-01-06T10:00:00.000+0000', 60, [1, 1, 0]), at('10:03:00')],
    [reasonData('2026-01-06T10:00:00.000+0000', 10, [0, 0]), at('10:00:20')],
    [reasonData('2026-01-06T11:00:00.000+0100', 300, [2]), at('10:05:00')],
  ])('reads the end of the evaluated range from %s', (data, expected) => {
    expect(evaluatedUntilMs(data)).toBe(expected);
  });

  it.each([
    [undefined],
    ['not json'],
    ['{}'],
    [JSON.stringify({ startDate: 'yesterday', period: 60, recentDatapoints: [1] })],
    [reasonData('2026-01-06T10:00:00.000+0000', 60, [])],
  ])('does not guess from %s', (data) => {
    expect(evaluatedUntilMs(data)).toBeUndefined();
  });
});

describe('Function: breachPredatesTraffic', () => {
  const warmUpMinute = reasonData('2026-01-06T10:00:00.000+0000', 60, [1]);

  it('ignores a breach measured wholly before green first took traffic (its warm-up)', () => {
    expect(breachPredatesTraffic(warmUpMinute, at('10:01:30'))).toBe(true);
    expect(breachPredatesTraffic(warmUpMinute, at('10:01:00'))).toBe(true);
  });

  it('counts a breach whose range reaches into the traffic, even by a second', () => {
    expect(breachPredatesTraffic(warmUpMinute, at('10:00:59'))).toBe(false);
  });

  it('counts every breach when there is no traffic yet to compare with, or no timing', () => {
    expect(breachPredatesTraffic(warmUpMinute, undefined)).toBe(false);
    expect(breachPredatesTraffic(undefined, at('10:30:00'))).toBe(false);
  });
});

describe('Function: alarmsOnTraffic', () => {
  it('keeps the alarms that judged traffic, and those it cannot time', () => {
    const firing = [
      { name: 'warm-up', reason: 'r', reasonData: reasonData('2026-01-06T10:00:00.000+0000', 60, [1]) },
      { name: 'serving', reason: 'r', reasonData: reasonData('2026-01-06T10:02:00.000+0000', 60, [1]) },
      { name: 'untimed', reason: 'r' },
    ];
    expect(alarmsOnTraffic(firing, at('10:01:30')).map((a) => a.name)).toEqual(['serving', 'untimed']);
  });
});
