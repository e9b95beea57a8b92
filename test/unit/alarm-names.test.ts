import { describe, expect, it } from 'vitest';
import { alarmNameFor, parseAlarmName } from '../../src/workflow/alarm-names.ts';

describe('alarm names', () => {
  it('round-trips service, environment, colour and metric, even with dashes in the names', () => {
    const name = alarmNameFor('shop-api', 'prod-eu', 'green', '5xx-rate');
    expect(name).toBe('greenlight.shop-api.prod-eu.green.5xx-rate');
    expect(parseAlarmName(name)).toEqual({
      service: 'shop-api',
      environment: 'prod-eu',
      colour: 'green',
      metric: '5xx-rate',
    });
  });

  it.each([
    ['someone-elses-alarm'],
    ['greenlight.shop.prod.purple.5xx'],
    ['greenlight.shop.prod.green'],
    ['greenlight..prod.green.5xx'],
  ])('returns null for %s', (name) => {
    expect(parseAlarmName(name)).toBeNull();
  });
});
