import * as z from 'zod';

/**
 * What the Bake and Standby steps leave on the deployment record for the early verdict: which
 * wait is under way and since when green is judged (the start of the bake, or of standby).
 */
export const judgingField = 'judging';

export const judgingSchema = z.object({
  during: z.enum(['bake', 'standby']),
  sinceMs: z.number().int(),
  /** When green first took production traffic (see src/core/alarm-timing.ts). */
  trafficSinceMs: z.number().int().optional(),
});

export type Judging = z.infer<typeof judgingSchema>;
