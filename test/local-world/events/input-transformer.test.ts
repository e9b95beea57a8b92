import { describe, expect, it } from 'vitest';
import type { EventBridgeEventShape } from '../../../src/local-world/events/event-types.ts';
import {
  applyInputTransformer,
  parseJsonPath,
  readJsonPath,
  validateInputTransformer,
} from '../../../src/local-world/events/input-transformer.ts';

const event: EventBridgeEventShape = {
  version: '0',
  id: 'e-1',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '123456789012',
  time: '2026-11-22T03:10:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:greenlight-5xx'],
  detail: { alarmName: 'greenlight-5xx', state: { value: 'ALARM', reason: 'said "too many"' }, count: 3 },
};
const context = {
  ruleName: 'relay',
  ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/relay',
  ingestionTimeMs: 0,
};

describe('input-transformer', () => {
  it.each([
    ['$', []],
    ['$.detail.state.value', ['detail', 'state', 'value']],
    ['$.detail-type', ['detail-type']],
    ['$.resources[0]', ['resources', 0]],
    ["$['odd key'].x", ['odd key', 'x']],
  ])('parses %s', (path, steps) => {
    expect(parseJsonPath(path)).toEqual(steps);
  });

  it.each(['detail', '$.a[*]', '$..a', '$.a[?(@.b)]'])('refuses %s', (path) => {
    expect(() => parseJsonPath(path)).toThrow('is not supported');
  });

  it('reads paths and returns undefined for absent ones', () => {
    expect(readJsonPath(event, '$.resources[0]')).toBe(event.resources[0]);
    expect(readJsonPath(event, '$.detail.nope.deeper')).toBeUndefined();
  });

  it('substitutes JSON values outside quotes and text inside quotes, then parses the JSON', () => {
    const input = applyInputTransformer(
      {
        InputPathsMap: {
          alarm: '$.detail.alarmName',
          state: '$.detail.state',
          reason: '$.detail.state.reason',
          n: '$.detail.count',
        },
        InputTemplate:
          '{"alarm": <alarm>, "state": <state>, "message": "<alarm> is <reason>", "count": <n>, "rule": "<aws.events.rule-name>"}',
      },
      event,
      context,
    );
    expect(input).toEqual({
      alarm: 'greenlight-5xx',
      state: { value: 'ALARM', reason: 'said "too many"' },
      message: 'greenlight-5xx is said "too many"',
      count: 3,
      rule: 'relay',
    });
  });

  it('delivers a text template as a string', () => {
    const input = applyInputTransformer(
      {
        InputPathsMap: { alarm: '$.detail.alarmName', missing: '$.detail.none' },
        InputTemplate: 'Alarm <alarm> fired<missing>',
      },
      event,
      context,
    );
    expect(input).toBe('Alarm greenlight-5xx fired');
  });

  it('reports undefined placeholders, bad paths and reserved names', () => {
    expect(
      validateInputTransformer({
        InputPathsMap: { 'aws.events.x': '$.a', bad: 'a.b' },
        InputTemplate: '{"a": <nope>}',
      }),
    ).toEqual([
      'InputPathsMap key "aws.events.x" uses the reserved prefix "aws.events."',
      expect.stringContaining('InputPathsMap "bad": JSONPath "a.b" is not supported'),
      'InputTemplate placeholder <nope> is not defined in InputPathsMap',
    ]);
  });

  it('gives <aws.events.event> without detail and <aws.events.event.json> with it, as the guide says', () => {
    const output = applyInputTransformer(
      { InputTemplate: '{"withoutDetail": <aws.events.event>, "whole": <aws.events.event.json>}' },
      event,
      context,
    ) as { withoutDetail: Record<string, unknown>; whole: Record<string, unknown> };
    expect(output.withoutDetail).not.toHaveProperty('detail');
    expect(output.withoutDetail).toMatchObject({ id: 'e-1', source: 'aws.cloudwatch' });
    expect(output.whole).toEqual(event);
  });
});
