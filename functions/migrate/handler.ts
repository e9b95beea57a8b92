import { MigrationFailedError } from '../../src/errors.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { migrationsAppliedField } from '../../src/handlers/recorded-migrations.ts';
import type { AppliedMigration } from '../../src/ports/database.ts';
import { stepInputSchema } from '../../src/schema/deploy-state.ts';

/** Migrate: runs this release's migrations, but never without a verified backup of this deployment. */
export const migrate = defineStep({
  name: 'migrate',
  input: stepInputSchema,
  lease: 'fence',
  run: async ({ state }, { ports }) => {
    const { deployment, binding, request } = state;
    if (!request.migrations) return { applied: [], alreadyApplied: 0 };
    if (state.backup?.ready !== true) {
      throw new MigrationFailedError(
        `refusing to migrate ${deployment.service} in ${deployment.environment}: no verified backup from this deployment (enable config.backup, which every migration requires)`,
      );
    }
    // Each migration is recorded the moment it commits: if a later one fails, the rollback still
    // knows exactly what this deployment changed (src/handlers/recorded-migrations.ts).
    const recorded: AppliedMigration[] = [];
    const report = await ports.migrator.migrate(binding, {
      location: request.migrations.location,
      deploymentId: deployment.id,
      onApplied: async (migration) => {
        recorded.push(migration);
        await ports.store.updateDeployment(deployment.id, { [migrationsAppliedField]: [...recorded] });
        await audit(ports, deployment.id, 'migration.applied', { ...migration });
      },
    });
    await audit(ports, deployment.id, 'migrations.applied', {
      applied: report.applied,
      alreadyApplied: report.alreadyApplied,
      snapshotId: state.backup.snapshotId,
    });
    return { applied: [...report.applied], alreadyApplied: report.alreadyApplied };
  },
});
