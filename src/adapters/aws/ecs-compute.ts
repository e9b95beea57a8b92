import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type Service,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ConfigError, ResourceNotFoundError } from '../../errors.ts';
import type { Colour } from '../../ports/colour.ts';
import type { Compute, ComputeStatus } from '../../ports/compute.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { computeStatusOf, nextRevision, versionTagKey } from './ecs-task-definition.ts';
import type { IamActionsOf } from './iam.ts';
import { callAws } from './sdk-errors.ts';

export interface EcsComputeOptions {
  /** @default a new client */
  readonly client?: ECSClient;
}

/** The blue and green ECS services: a new task definition revision per release. */
export class EcsCompute implements Compute {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<Compute> = {
    deploy: [
      'ecs:DescribeServices',
      'ecs:DescribeTaskDefinition',
      'ecs:RegisterTaskDefinition',
      'ecs:TagResource',
      'iam:PassRole',
      'ecs:UpdateService',
    ],
    status: ['ecs:DescribeServices', 'ecs:DescribeTaskDefinition'],
    scaleToZero: ['ecs:UpdateService'],
  };

  private readonly client: ECSClient;

  constructor(options: EcsComputeOptions = {}) {
    this.client = options.client ?? new ECSClient({});
  }

  async deploy(
    binding: ServiceBinding,
    colour: Colour,
    release: { image: string; version: string; desiredCount: number },
  ): Promise<void> {
    const service = await this.describeService(binding, colour);
    const currentArn = service.taskDefinition;
    if (!currentArn)
      throw new ConfigError(`ECS service ${binding.compute[colour]} has no task definition to start from`);
    const current = await callAws({ operation: 'DescribeTaskDefinition', resource: currentArn }, () =>
      this.client.send(new DescribeTaskDefinitionCommand({ taskDefinition: currentArn, include: ['TAGS'] })),
    );
    if (!current.taskDefinition)
      throw new ResourceNotFoundError(`task definition ${currentArn} was not returned`);
    const request = nextRevision(current.taskDefinition, current.tags ?? [], release);
    const registered = await callAws(
      { operation: 'RegisterTaskDefinition', resource: `family ${request.family}` },
      () => this.client.send(new RegisterTaskDefinitionCommand(request)),
    );
    const nextArn = registered.taskDefinition?.taskDefinitionArn;
    if (!nextArn) throw new ConfigError(`RegisterTaskDefinition for ${request.family} returned no ARN`);
    await this.updateService(binding, colour, {
      taskDefinition: nextArn,
      desiredCount: release.desiredCount,
    });
  }

  async status(binding: ServiceBinding, colour: Colour): Promise<ComputeStatus> {
    const service = await this.describeService(binding, colour);
    const primaryTaskDefinition = service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition;
    return computeStatusOf(
      service,
      primaryTaskDefinition ? await this.versionOf(primaryTaskDefinition) : null,
    );
  }

  async scaleToZero(binding: ServiceBinding, colour: Colour): Promise<void> {
    await this.updateService(binding, colour, { desiredCount: 0 });
  }

  private async versionOf(taskDefinitionArn: string): Promise<string | null> {
    const response = await callAws({ operation: 'DescribeTaskDefinition', resource: taskDefinitionArn }, () =>
      this.client.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn, include: ['TAGS'] }),
      ),
    );
    return response.tags?.find((tag) => tag.key === versionTagKey)?.value ?? null;
  }

  private async describeService(binding: ServiceBinding, colour: Colour): Promise<Service> {
    const name = binding.compute[colour];
    const response = await callAws(
      {
        operation: 'DescribeServices',
        resource: name,
        configHint: `compute.${colour} in the service binding`,
      },
      () =>
        this.client.send(new DescribeServicesCommand({ cluster: binding.compute.cluster, services: [name] })),
    );
    const service = response.services?.[0];
    // DescribeServices does not throw for a missing service: it lists it under failures.
    if (!service || service.status === 'INACTIVE') {
      const reason = response.failures?.[0]?.reason ?? service?.status ?? 'not returned';
      throw new ResourceNotFoundError(
        `ECS service ${name} in cluster ${binding.compute.cluster} not found (${reason}); check compute.${colour} and compute.cluster in the service binding`,
      );
    }
    return service;
  }

  private async updateService(
    binding: ServiceBinding,
    colour: Colour,
    change: { taskDefinition?: string; desiredCount: number },
  ): Promise<void> {
    const name = binding.compute[colour];
    await callAws(
      { operation: 'UpdateService', resource: name, configHint: `compute.${colour} in the service binding` },
      () =>
        this.client.send(
          new UpdateServiceCommand({ cluster: binding.compute.cluster, service: name, ...change }),
        ),
    );
  }
}
