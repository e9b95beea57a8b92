import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type Service,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EcsCompute } from '../../../src/adapters/aws/ecs-compute.ts';
import { imageRepository } from '../../../src/adapters/aws/ecs-task-definition.ts';
import { ConfigError, ResourceNotFoundError } from '../../../src/errors.ts';
import { binding } from './binding-fixture.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const ecs = mockClient(ECSClient);
const compute = () => new EcsCompute({ client: new ECSClient({ region: 'eu-west-1' }) });
const repo = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop';
const currentArn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:41';
const nextArn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:42';

const service = (overrides: Partial<Service> = {}): Service => ({
  serviceArn: binding.compute.green,
  serviceName: 'shop-green',
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  taskDefinition: currentArn,
  deployments: [
    {
      id: 'ecs-svc/1',
      status: 'PRIMARY',
      taskDefinition: currentArn,
      rolloutState: 'COMPLETED',
      runningCount: 2,
    },
  ],
  ...overrides,
});

describe('Class: EcsCompute', () => {
  beforeEach(() => {
    ecs.reset();
  });

  describe('Method: deploy', () => {
    it('registers a revision with the new image and points the service at it', async () => {
      // Prepare
      ecs.on(DescribeServicesCommand).resolves({ services: [service()], failures: [] });
      ecs.on(DescribeTaskDefinitionCommand).resolves({
        taskDefinition: {
          taskDefinitionArn: currentArn,
          family: 'shop',
          cpu: '256',
          memory: '512',
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
          containerDefinitions: [
            { name: 'app', image: `${repo}:1.4.1`, essential: true, portMappings: [{ containerPort: 8080 }] },
            { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable' },
          ],
        },
        tags: [{ key: 'team', value: 'shop' }],
      });
      ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: nextArn } });
      ecs.on(UpdateServiceCommand).resolves({ service: service() });
      // Act
      await compute().deploy(binding, 'green', { image: `${repo}:1.4.2`, version: '1.4.2', desiredCount: 3 });
      // Assess
      const registered = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]?.args[0].input;
      expect(registered?.family).toBe('shop');
      expect(registered?.cpu).toBe('256');
      expect(registered?.containerDefinitions?.map((c) => c.image)).toEqual([
        `${repo}:1.4.2`,
        'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      ]);
      expect(registered?.tags).toEqual([
        { key: 'team', value: 'shop' },
        { key: 'greenlight:version', value: '1.4.2' },
      ]);
      expect(ecs.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
        cluster: binding.compute.cluster,
        service: binding.compute.green,
        taskDefinition: nextArn,
        desiredCount: 3,
      });
    });

    it('throws ConfigError when no container runs the image repository', async () => {
      // Prepare
      ecs.on(DescribeServicesCommand).resolves({ services: [service()] });
      ecs.on(DescribeTaskDefinitionCommand).resolves({
        taskDefinition: {
          taskDefinitionArn: currentArn,
          family: 'shop',
          containerDefinitions: [
            { name: 'a', image: 'x/a:1' },
            { name: 'b', image: 'x/b:1' },
          ],
        },
      });
      // Act / Assess
      await expect(
        compute().deploy(binding, 'green', { image: `${repo}:1.4.2`, version: '1.4.2', desiredCount: 1 }),
      ).rejects.toBeInstanceOf(ConfigError);
    });
  });

  describe('Method: status', () => {
    it.each([
      ['steady', service(), { stable: true, failed: false }],
      [
        'rolling out',
        service({
          runningCount: 1,
          deployments: [
            { status: 'PRIMARY', taskDefinition: nextArn, rolloutState: 'IN_PROGRESS' },
            { status: 'ACTIVE', taskDefinition: currentArn, rolloutState: 'COMPLETED' },
          ],
        }),
        { stable: false, failed: false },
      ],
      [
        'failed',
        service({
          deployments: [
            {
              status: 'PRIMARY',
              taskDefinition: nextArn,
              rolloutState: 'FAILED',
              rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
            },
          ],
        }),
        { stable: false, failed: true },
      ],
    ])('reports a %s service', async (_label, described, expected) => {
      // Prepare
      ecs.on(DescribeServicesCommand).resolves({ services: [described] });
      ecs
        .on(DescribeTaskDefinitionCommand)
        .resolves({ tags: [{ key: 'greenlight:version', value: '1.4.2' }] });
      // Act
      const status = await compute().status(binding, 'green');
      // Assess
      expect(status).toMatchObject({ ...expected, version: '1.4.2', desiredCount: 2 });
      expect(status.detail.length).toBeGreaterThan(0);
    });

    it('throws ResourceNotFoundError for a service DescribeServices lists as MISSING', async () => {
      // Prepare
      ecs
        .on(DescribeServicesCommand)
        .resolves({ services: [], failures: [{ arn: binding.compute.green, reason: 'MISSING' }] });
      // Act / Assess
      await expect(compute().status(binding, 'green')).rejects.toBeInstanceOf(ResourceNotFoundError);
    });

    it.each(translationCases(() => sdkError('ClusterNotFoundException', 400)))(
      'translates %s',
      async (_label, makeError, expected) => {
        ecs.on(DescribeServicesCommand).rejects(makeError());
        await expect(compute().status(binding, 'blue')).rejects.toBeInstanceOf(expected);
      },
    );
  });

  describe('Method: scaleToZero', () => {
    it('sets the desired count to zero', async () => {
      // Prepare
      ecs.on(UpdateServiceCommand).resolves({});
      // Act
      await compute().scaleToZero(binding, 'blue');
      // Assess
      expect(ecs.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
        cluster: binding.compute.cluster,
        service: binding.compute.blue,
        desiredCount: 0,
      });
    });

    it.each(translationCases(() => sdkError('ServiceNotFoundException', 400)))(
      'translates %s',
      async (_label, makeError, expected) => {
        ecs.on(UpdateServiceCommand).rejects(makeError());
        await expect(compute().scaleToZero(binding, 'blue')).rejects.toBeInstanceOf(expected);
      },
    );
  });
});

describe('Function: imageRepository', () => {
  it.each([
    [`${repo}:1.4.2`, repo],
    [`${repo}@sha256:abc`, repo],
    ['localhost:5000/shop:1', 'localhost:5000/shop'],
    ['nginx', 'nginx'],
  ])('reads the repository of %s', (image, expected) => {
    expect(imageRepository(image)).toBe(expected);
  });
});
