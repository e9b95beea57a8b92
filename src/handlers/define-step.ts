import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { GreenlightError, LockLostError } from '../errors.ts';
import type { Ports } from '../ports/index.ts';
import { validateEvent } from './validate-event.ts';

/** What a step's pure-ish body receives: its validated input, the ports, and a logger. */
export interface StepContext {
  readonly ports: Ports;
  readonly logger: Logger;
}

export interface StepDefinition<Schema extends z.ZodType, Output> {
  /** The `functions/<name>` folder name. */
  readonly name: string;
  readonly input: Schema;
  /**
   * What the step does with its deployment's lease (src/core/lease.ts), when its input carries
   * one. `renew` (the default): renews it, and carries on when it is lost, for steps that change
   * nothing another deployment could own (verify, notify, finish). `fence`: renews it and
   * refuses to run when it is lost, for every step that changes traffic, compute or data.
   */
  readonly lease?: 'renew' | 'fence';
  readonly run: (input: z.output<Schema>, context: StepContext) => Promise<Output>;
}

export type StepHandler<Output> = (event: unknown, context: Context) => Promise<Output>;

export interface BoundStep<Output> {
  readonly name: string;
  /** Binds the step to a set of adapters: AWS in `functions/<name>/index.ts`, local ones offline. */
  bind(ports: Ports, options?: { logger?: Logger }): StepHandler<Output>;
}

/**
 * Declares a Lambda step: a thin middy handler that validates its event, then calls the step
 * body with the ports. The body holds no AWS SDK code; adapters behind the ports do.
 */
export function defineStep<Schema extends z.ZodType, Output>(
  definition: StepDefinition<Schema, Output>,
): BoundStep<Output> {
  return {
    name: definition.name,
    bind(ports, options = {}) {
      const logger = options.logger ?? new Logger({ serviceName: 'greenlight', logLevel: 'INFO' });
      const core = async (event: z.output<Schema>): Promise<Output> =>
        definition.run(event, { ports, logger });
      return middy<z.output<Schema>, Output>(core)
        .use(injectLambdaContext(logger, { resetKeys: true }))
        .use(validateEvent(definition.name, definition.input))
        .use(keepLease(ports, logger, definition.lease ?? 'renew'))
        .use(logDeliberateFailures(logger)) as unknown as StepHandler<Output>;
    },
  };
}

/** The deployment a step's input belongs to, when it has one (the deploy workflow's steps). */
function deploymentOf(event: unknown): { id: string; lockKey: string } | null {
  const deployment = (event as { state?: { deployment?: { id?: unknown; lockKey?: unknown } } } | null)?.state
    ?.deployment;
  return typeof deployment?.id === 'string' && typeof deployment.lockKey === 'string'
    ? { id: deployment.id, lockKey: deployment.lockKey }
    : null;
}

/** Renews the deployment's lease before the step runs; a fencing step refuses to run without it. */
function keepLease(ports: Ports, logger: Logger, lease: 'renew' | 'fence'): middy.MiddlewareObj {
  return {
    before: async (request) => {
      const deployment = deploymentOf(request.event);
      if (!deployment) return;
      if (await ports.store.renewLock(deployment.lockKey, deployment.id, ports.clock.nowMs())) return;
      const holder = await ports.store.readLock(deployment.lockKey);
      const lost =
        `deployment ${deployment.id} no longer holds ${deployment.lockKey}` +
        (holder ? ` (deployment ${holder.owner} took it over)` : ' (it was released)');
      if (lease === 'renew') {
        logger.warn('lease lost', { reason: lost });
        return;
      }
      throw new LockLostError(
        `${lost}, so this step changes nothing: traffic, compute and data may belong to another deployment now`,
      );
    },
  };
}

/** Logs a deliberate failure once, with its name (the ASL error) and reason, before it propagates. */
function logDeliberateFailures(logger: Logger): middy.MiddlewareObj {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof GreenlightError) {
        logger.warn('step failed', {
          errorName: error.name,
          reason: error.message,
          retryable: error.retryable,
        });
      } else {
        logger.error('step crashed', { error: error as Error });
      }
    },
  };
}
