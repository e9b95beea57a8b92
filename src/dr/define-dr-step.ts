import type { Logger } from '@aws-lambda-powertools/logger';
import type * as z from 'zod';
import { defineStep, type StepContext, type StepHandler } from '../handlers/define-step.ts';
import type { Ports } from '../ports/index.ts';
import type { DrPorts } from './dr-ports.ts';

/** A DR step's body receives the shared ports, the DR ports and a logger. */
export interface DrStepContext extends StepContext {
  readonly dr: DrPorts;
}

export interface DrStepDefinition<Schema extends z.ZodType, Output> {
  /** The `functions/<name>` folder name, `dr-…`. */
  readonly name: string;
  readonly input: Schema;
  readonly run: (input: z.output<Schema>, context: DrStepContext) => Promise<Output>;
}

export interface BoundDrStep<Output> {
  readonly name: string;
  /** Binds the step to adapters: AWS in `functions/<name>/index.ts`, local ones offline. */
  bind(ports: Ports, dr: DrPorts, options?: { logger?: Logger }): StepHandler<Output>;
}

/**
 * `defineStep` for the DR drill: the same middy handler (event validation, logging of
 * deliberate failures), with the DR ports handed to the body as `context.dr`.
 */
export function defineDrStep<Schema extends z.ZodType, Output>(
  definition: DrStepDefinition<Schema, Output>,
): BoundDrStep<Output> {
  return {
    name: definition.name,
    bind: (ports, dr, options) =>
      defineStep({
        name: definition.name,
        input: definition.input,
        run: (input, context) => definition.run(input, { ...context, dr }),
      }).bind(ports, options),
  };
}
