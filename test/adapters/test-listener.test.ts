import {
  type Action,
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { Elbv2TrafficRouter } from '../../src/adapters/aws/elbv2-traffic-router.ts';
import { LocalTrafficRouter } from '../../src/adapters/local/local-router.ts';
import { createManualClock } from '../../src/local-world/clock/manual-clock.ts';
import { startRouter } from '../../src/local-world/http/weighted-router.ts';
import type { ServiceWorld } from '../../src/local-world/service-world.ts';
import type { TrafficRouter } from '../../src/ports/traffic-router.ts';
import { binding } from './aws/binding-fixture.ts';

/**
 * DeployGreen points the test listener at the colour it deploys (functions/deploy-green). The
 * same assertions hold on AWS (ELBv2, over a listener that keeps what ModifyListener writes)
 * and in the local world (its weighted router): from the second deployment on, the smoke tests
 * and the trial reach the new colour, not the live one.
 */
const elb = mockClient(ElasticLoadBalancingV2Client);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  elb.reset();
  for (const close of closers.splice(0)) await close();
});

/** An ELB whose test listener keeps what it is given: an authenticate action, then a forward to green. */
function awsRouter(): TrafficRouter {
  let actions: Action[] = [
    {
      Type: 'authenticate-cognito',
      Order: 1,
      AuthenticateCognitoConfig: { UserPoolArn: 'arn:pool', UserPoolClientId: 'c', UserPoolDomain: 'd' },
    },
    { Type: 'forward', Order: 2, TargetGroupArn: binding.targetGroups.green },
  ];
  elb.on(DescribeListenersCommand, { ListenerArns: [binding.testListenerArn as string] }).callsFake(() => ({
    Listeners: [{ ListenerArn: binding.testListenerArn, DefaultActions: actions }],
  }));
  elb.on(ModifyListenerCommand).callsFake((input: { DefaultActions: Action[] }) => {
    actions = input.DefaultActions;
    return { Listeners: [] };
  });
  return new Elbv2TrafficRouter({ client: new ElasticLoadBalancingV2Client({ region: 'eu-west-1' }) });
}

async function localRouter(): Promise<TrafficRouter> {
  const router = await startRouter({
    targets: { blue: 'http://127.0.0.1:9', green: 'http://127.0.0.1:9' },
    clock: createManualClock(),
  });
  closers.push(() => router.close());
  return new LocalTrafficRouter(() => ({ router }) as unknown as ServiceWorld);
}

describe.each([
  ['on AWS (ELBv2)', async () => awsRouter()],
  ['in the local world', localRouter],
])('The test listener %s', (_where, open) => {
  it('follows the colour being deployed, blue and back to green, and reads back what was set', async () => {
    const router = await open();
    expect(await router.testListenerColour(binding)).toBe('green');
    await router.pointTestListener(binding, 'blue');
    expect(await router.testListenerColour(binding)).toBe('blue');
    await router.pointTestListener(binding, 'green');
    expect(await router.testListenerColour(binding)).toBe('green');
  });

  it('does nothing, and reads nothing, for a binding without a test listener', async () => {
    const router = await open();
    const { testListenerArn: _arn, ...without } = binding;
    await router.pointTestListener(without, 'blue');
    expect(await router.testListenerColour(without)).toBeNull();
    expect(elb.commandCalls(ModifyListenerCommand)).toHaveLength(0);
  });
});

describe('On AWS, the test listener’s other actions', () => {
  it('are kept, in order, when its forward is repointed', async () => {
    const router = awsRouter();
    await router.pointTestListener(binding, 'blue');
    const written = elb.commandCalls(ModifyListenerCommand)[0]?.args[0].input;
    expect(written?.ListenerArn).toBe(binding.testListenerArn);
    expect(written?.DefaultActions?.map((a) => [a.Type, a.Order])).toEqual([
      ['authenticate-cognito', 1],
      ['forward', 2],
    ]);
    expect(written?.DefaultActions?.[1]?.ForwardConfig?.TargetGroups).toEqual([
      { TargetGroupArn: binding.targetGroups.blue, Weight: 100 },
      { TargetGroupArn: binding.targetGroups.green, Weight: 0 },
    ]);
    // The production listener is never touched by the test listener's move.
    expect(
      elb.commandCalls(DescribeListenersCommand).map((c) => c.args[0].input.ListenerArns),
    ).not.toContainEqual([binding.listener]);
  });
});
