/**
 * EventBridge Scheduler defaults for the DR drills, from seed 000 §11.4 ("Backup verification:
 * weekly, automated; Restore test: monthly, sample data"). Times are early-morning UTC, outside
 * the usual deployment windows; the config's `aws.dr` overrides them per environment.
 */

/** Weekly backup verification: Sundays 03:00. Finds the latest snapshot and checks its age (RPO). */
export const defaultBackupVerificationSchedule = 'cron(0 3 ? * SUN *)';

/** Monthly restore test: the 1st of each month at 04:00. Restores into an isolated instance. */
export const defaultRestoreTestSchedule = 'cron(0 4 1 * ? *)';

/** Seed 000 §11.1: RTO 4 hours. */
export const defaultRtoMinutes = 240;

/** Seed 000 §11.1: RPO 1 hour. */
export const defaultRpoMinutes = 60;

/**
 * Seed 002's recovery tiers, for configs that pick one: RTO 15 min (critical), 1 h
 * (important), 4 h (standard), 24 h (non-critical).
 */
export const rtoTierMinutes = { critical: 15, important: 60, standard: 240, nonCritical: 1440 } as const;
