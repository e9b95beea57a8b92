import type middy from '@middy/core';
import type * as z from 'zod';
import { parseOrThrow } from '../schema/parse.ts';

/** Middy middleware: replaces the raw event by its parsed form, or fails before the step runs. */
export function validateEvent<Schema extends z.ZodType>(
  stepName: string,
  schema: Schema,
): middy.MiddlewareObj {
  return {
    before: async (request) => {
      request.event = parseOrThrow(`the input of step ${stepName}`, schema, request.event);
    },
  };
}
