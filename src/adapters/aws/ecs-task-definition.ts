import type {
  Deployment,
  RegisterTaskDefinitionRequest,
  Service,
  Tag,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { ConfigError } from '../../errors.ts';
import type { ComputeStatus } from '../../ports/compute.ts';

/** Tag on each task definition revision Greenlight registers: the version it runs. */
export const versionTagKey = 'greenlight:version';

/** `123.dkr.ecr.eu-west-1.amazonaws.com/shop:1.4.2` → `123.dkr.ecr.eu-west-1.amazonaws.com/shop`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/**
 * The RegisterTaskDefinition request for a new revision of `current` running `image`.
 *
 * The container to update is the one already running the same repository; a task
 * definition with a single container needs no match. Sidecars (log routers, proxies) keep
 * their images. Every other field is copied, so the new revision differs only in the image.
 */
export function nextRevision(
  current: TaskDefinition,
  currentTags: readonly Tag[],
  release: { image: string; version: string },
): RegisterTaskDefinitionRequest {
  const containers = current.containerDefinitions ?? [];
  const repository = imageRepository(release.image);
  const sameRepository = containers.filter((c) => c.image && imageRepository(c.image) === repository);
  const targets = sameRepository.length > 0 ? sameRepository : containers.length === 1 ? containers : [];
  if (targets.length === 0) {
    throw new ConfigError(
      `task definition ${current.taskDefinitionArn} has ${containers.length} containers (${containers.map((c) => `${c.name}=${c.image}`).join(', ')}) and none runs ${repository}; deploy an image from the same repository as the app container`,
    );
  }
  const targetNames = new Set(targets.map((c) => c.name));
  return {
    family: current.family,
    taskRoleArn: current.taskRoleArn,
    executionRoleArn: current.executionRoleArn,
    networkMode: current.networkMode,
    containerDefinitions: containers.map((c) =>
      targetNames.has(c.name) ? { ...c, image: release.image } : c,
    ),
    volumes: current.volumes,
    placementConstraints: current.placementConstraints,
    requiresCompatibilities: current.requiresCompatibilities,
    cpu: current.cpu,
    memory: current.memory,
    pidMode: current.pidMode,
    ipcMode: current.ipcMode,
    proxyConfiguration: current.proxyConfiguration,
    inferenceAccelerators: current.inferenceAccelerators,
    ephemeralStorage: current.ephemeralStorage,
    runtimePlatform: current.runtimePlatform,
    enableFaultInjection: current.enableFaultInjection,
    tags: [
      ...currentTags.filter((tag) => tag.key !== versionTagKey),
      { key: versionTagKey, value: release.version },
    ],
  };
}

/**
 * ECS steady state: exactly one (PRIMARY) deployment, its rollout COMPLETED, and as many
 * tasks running as desired. `failed` when the rollout FAILED (circuit breaker).
 */
export function computeStatusOf(service: Service, version: string | null): ComputeStatus {
  const deployments: readonly Deployment[] = service.deployments ?? [];
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const desiredCount = service.desiredCount ?? 0;
  const runningCount = service.runningCount ?? 0;
  const failed = primary?.rolloutState === 'FAILED';
  const stable =
    !failed &&
    deployments.length === 1 &&
    primary?.rolloutState === 'COMPLETED' &&
    runningCount === desiredCount;
  const detail = failed
    ? `rollout failed: ${primary?.rolloutStateReason ?? 'no reason given'}`
    : stable
      ? `steady: ${runningCount}/${desiredCount} tasks running`
      : !primary
        ? 'no PRIMARY deployment yet'
        : `rolling out (${primary.rolloutState ?? 'unknown'}): ${runningCount}/${desiredCount} tasks running, ${deployments.length} deployments active${primary.rolloutStateReason ? `; ${primary.rolloutStateReason}` : ''}`;
  return { stable, desiredCount, runningCount, version, detail, failed };
}
