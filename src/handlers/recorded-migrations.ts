/**
 * The migrations a deployment applied, as Migrate recorded them one by one in the deployment
 * record. When Migrate fails half-way the workflow state holds no result, so the rollback reads
 * them from here: 001 applied and 002 failed still reverts 001 under the `down-scripts` policy.
 */
import * as z from 'zod';
import type { AppliedMigration } from '../ports/database.ts';
import type { Store } from '../ports/store.ts';

export const migrationsAppliedField = 'migrationsApplied';

const recordedSchema = z.array(
  z.object({ id: z.string(), checksum: z.string(), blueCompatible: z.boolean() }).loose(),
);

export async function recordedMigrations(
  store: Pick<Store, 'getDeployment'>,
  deploymentId: string,
): Promise<readonly AppliedMigration[]> {
  const record = await store.getDeployment(deploymentId);
  const parsed = recordedSchema.safeParse(record?.[migrationsAppliedField] ?? []);
  if (!parsed.success) {
    throw new Error(
      `deployment ${deploymentId}: its record's ${migrationsAppliedField} is unreadable (${parsed.error.issues[0]?.message}); check the database by hand before reverting anything`,
    );
  }
  return parsed.data;
}
