import { describe, expect, it } from 'vitest';
import { InvalidRequestError, ResourceNotFoundError } from '../../../src/errors.ts';
import { createManualClock } from '../../../src/local-world/clock/manual-clock.ts';
import { createEventBus } from '../../../src/local-world/events/event-bus.ts';

const t0 = Date.UTC(2026, 10, 22, 3, 0, 0);

function bus(maxAttempts = 3) {
  let ids = 0;
  return createEventBus('greenlight', {
    clock: createManualClock(t0),
    account: '123456789012',
    region: 'eu-west-1',
    maxAttempts,
    newId: () => `id-${++ids}`,
  });
}

const request = {
  Source: 'greenlight.pipeline',
  DetailType: 'Deployment Requested',
  Detail: JSON.stringify({ service: 'shop', environment: 'staging' }),
};

describe('Function: createEventBus', () => {
  it('fills id, time, account and region, and delivers to matching rules after putEvents returns', async () => {
    // Prepare
    const events = bus();
    const received: unknown[] = [];
    events.putRule({
      Name: 'requests',
      EventPattern: JSON.stringify({ 'detail-type': ['Deployment Requested'] }),
    });
    events.putTargets('requests', [{ Id: 'start', target: async (event) => received.push(event) }]);
    // Act
    const result = events.putEvents([request]);
    const receivedBeforeDrain = received.length;
    await events.drain();
    // Assess
    expect(result).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: 'id-1' }] });
    expect(receivedBeforeDrain).toBe(0);
    expect(received).toEqual([
      {
        version: '0',
        id: 'id-1',
        'detail-type': 'Deployment Requested',
        source: 'greenlight.pipeline',
        account: '123456789012',
        time: '2026-11-22T03:00:00Z',
        region: 'eu-west-1',
        resources: [],
        detail: { service: 'shop', environment: 'staging' },
      },
    ]);
    expect(events.deliveries()).toMatchObject([
      { ruleName: 'requests', targetId: 'start', status: 'delivered', attempts: 1 },
    ]);
  });

  it('reports malformed entries per entry, like PutEvents', () => {
    const result = bus().putEvents({
      Entries: [
        request,
        { ...request, Detail: '[1]' },
        { Source: 'x' },
        { ...request, EventBusName: 'other' },
      ],
    });
    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries.map((e) => e.ErrorCode)).toEqual([
      undefined,
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
    ]);
  });

  it('skips disabled rules and rules that do not match', async () => {
    const events = bus();
    events.putRule({ Name: 'off', EventPattern: { source: ['greenlight.pipeline'] }, State: 'DISABLED' });
    events.putRule({ Name: 'other', EventPattern: { source: ['aws.s3'] } });
    events.putTargets('off', [{ Id: 't', target: async () => undefined }]);
    events.putEvents([request]);
    await events.drain();
    expect(events.deliveries()).toEqual([]);
  });

  it('retries a failing target and records the dead letter after the last attempt', async () => {
    // Prepare
    const events = bus(3);
    let calls = 0;
    events.putRule({ Name: 'requests', EventPattern: { source: ['greenlight.pipeline'] } });
    events.putTargets('requests', [
      {
        Id: 'flaky',
        target: async () => {
          calls++;
          throw new Error(`boom ${calls}`);
        },
      },
      {
        Id: 'second-time-lucky',
        target: (() => {
          let tries = 0;
          return async () => {
            tries++;
            if (tries < 2) throw new Error('not yet');
          };
        })(),
      },
    ]);
    // Act
    events.putEvents([request]);
    await events.drain();
    // Assess
    expect(calls).toBe(3);
    expect(events.failedDeliveries()).toMatchObject([
      { targetId: 'flaky', status: 'failed', attempts: 3, error: 'Error: boom 3' },
    ]);
    expect(events.deliveries().find((d) => d.targetId === 'second-time-lucky')).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
  });

  it('applies InputPath and InputTransformer', async () => {
    const events = bus();
    const received: Record<string, unknown> = {};
    events.putRule({ Name: 'requests', EventPattern: { source: ['greenlight.pipeline'] } });
    events.putTargets('requests', [
      { Id: 'path', InputPath: '$.detail', target: async (input) => (received.path = input) },
      {
        Id: 'transformer',
        InputTransformer: {
          InputPathsMap: { service: '$.detail.service', env: '$.detail.environment' },
          InputTemplate: '{"deploymentId": "<service>-<env>", "service": <service>}',
        },
        target: async (input) => (received.transformer = input),
      },
    ]);
    events.putEvents([request]);
    await events.drain();
    expect(received).toEqual({
      path: { service: 'shop', environment: 'staging' },
      transformer: { deploymentId: 'shop-staging', service: 'shop' },
    });
  });

  it('publishes already-shaped events and names the matched rules', async () => {
    const events = bus();
    events.putRule({ Name: 'alarms', EventPattern: { source: ['aws.cloudwatch'] } });
    const result = events.publish({
      version: '0',
      id: 'abc',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '123456789012',
      time: '2026-11-22T03:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: {},
    });
    expect(result).toEqual({ eventId: 'abc', matchedRules: ['alarms'] });
  });

  it('throws InvalidRequestError listing the problems of a bad pattern', () => {
    const events = bus();
    expect(() => events.putRule({ Name: 'bad', EventPattern: { source: 'aws.ec2' } })).toThrow(
      InvalidRequestError,
    );
    expect(() => events.putRule({ Name: 'bad', EventPattern: '{not json' })).toThrow(
      'EventPattern is not valid JSON',
    );
  });

  it('throws ResourceNotFoundError for targets of an unknown rule, and rejects undefined placeholders', () => {
    const events = bus();
    expect(() => events.putTargets('nope', [])).toThrow(ResourceNotFoundError);
    events.putRule({ Name: 'r', EventPattern: { source: ['x'] } });
    expect(() =>
      events.putTargets('r', [
        { Id: 't', InputTransformer: { InputTemplate: '<x>' }, target: async () => undefined },
      ]),
    ).toThrow('InputTemplate placeholder <x> is not defined in InputPathsMap');
  });
});
