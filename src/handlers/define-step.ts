import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { GreenlightError } from '../errors.ts';
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
        .use(logDeliberateFailures(logger)) as unknown as StepHandler<Output>;
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
