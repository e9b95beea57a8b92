import * as z from 'zod';
import { environmentConfigSchema } from '../src/schema/config.ts';
import { configProblems } from '../src/schema/parse-config.ts';

/**
 * The schema of `config/greenlight.config.json`: per environment, the Greenlight policy
 * (`config`, the same schema the handlers validate at run time) and the AWS side (`aws`).
 */

const email = z.email('expected an email address such as oncall@example.com');

/** EventBridge Scheduler expression: `cron(...)`, `rate(...)` or `at(...)`. */
const scheduleExpression = z
  .string()
  .regex(
    /^(cron|rate|at)\(.+\)$/,
    'expected a Scheduler expression such as cron(0 3 ? * MON *) or rate(7 days)',
  );

export const drScheduleSchema = z
  .object({
    /** Backup verification: find the latest snapshot and check it is restorable (seed 000: weekly). */
    backupVerification: scheduleExpression,
    /** Full restore test into an isolated instance (seed 000: monthly). */
    restoreTest: scheduleExpression,
    /** IANA time zone of the expressions. */
    timeZone: z.string().default('UTC'),
    /** Recovery time objective the drill measures against (seed 000: 4 h). */
    rtoMinutes: z.number().int().positive(),
    /** Recovery point objective: the newest snapshot must be younger than this (seed 000: 1 h). */
    rpoMinutes: z.number().int().positive(),
    /**
     * Security group of the drill's temporary instance: no public access, ingress on 5432 only
     * from the DR functions' own security group.
     */
    securityGroupId: z
      .string()
      .regex(/^sg-[0-9a-f]{8,17}$/, 'expected a security group id such as sg-0123456789abcdef0'),
    /**
     * DB subnet group of the temporary instance, in the VPC of `securityGroupId` (RDS refuses a
     * security group of another VPC). @default - the source database's own subnet group
     */
    subnetGroupName: z.string().min(1).optional(),
    /** Instance class of the temporary instance. @default - the snapshot's own class */
    instanceClass: z
      .string()
      .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'expected an RDS instance class such as db.t4g.medium')
      .optional(),
  })
  .strict();

export const awsEnvironmentSchema = z
  .object({
    /** 12-digit account; leave out to deploy to the CLI's current account (environment-agnostic synth). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region such as eu-west-1')
      .optional(),
    /** Email subscriptions per severity; each address must confirm the subscription. */
    notificationEmails: z
      .object({
        info: z.array(email).default([]),
        warning: z.array(email).default([]),
        critical: z.array(email).default([]),
      })
      .strict()
      .default({ info: [], warning: [], critical: [] }),
    /** Disaster-recovery drills on a schedule; leave out for none. */
    dr: drScheduleSchema.optional(),
    /** Retention of the state machine and function logs. */
    logRetentionDays: z
      .union([
        z.literal(7),
        z.literal(14),
        z.literal(30),
        z.literal(90),
        z.literal(180),
        z.literal(365),
        z.literal(731),
      ])
      .default(90),
    /** RDS secret ARN per service: enables SQL migrations in the Migrate and Rollback steps. */
    databaseSecrets: z
      .record(
        z.string(),
        z.string().regex(/^arn:aws[a-z-]*:secretsmanager:/, 'expected a Secrets Manager secret ARN'),
      )
      .optional(),
    /**
     * Per service, the ECS task definition family and the IAM roles (task and execution) its
     * revisions use. DeployGreen registers each new revision with the current one's roles, so
     * with these named it may pass only those roles and tag only that family; without them, any
     * role (to ECS tasks only) and any task definition (when registering only).
     */
    taskDefinitions: z
      .record(
        z.string(),
        z
          .object({
            family: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,255}$/, 'expected an ECS task definition family such as shop'),
            roleArns: z
              .array(
                z
                  .string()
                  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN'),
              )
              .min(1),
          })
          .strict(),
      )
      .optional(),
    /** Where the Migrate and Rollback functions run to reach the database (ids, no lookups). */
    databaseVpc: z
      .object({
        vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, 'expected a VPC id such as vpc-0a1b2c3d'),
        availabilityZones: z.array(z.string().min(1)).min(1),
        subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, 'expected a subnet id')).min(1),
        securityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/, 'expected a security group id')).min(1),
      })
      .strict()
      .optional(),
    /** Repository folders of SQL migrations to ship with the Migrate and Rollback functions. */
    migrationsDirs: z
      .array(
        z
          .string()
          .min(1)
          .refine(
            (path) => !path.startsWith('/') && !path.split('/').includes('..'),
            'expected a path inside the repository',
          ),
      )
      .default([]),
    /** Keep the table and key when the stack is deleted (production: true). */
    retainData: z.boolean().default(true),
  })
  .strict();

export const environmentEntrySchema = z
  .object({
    config: environmentConfigSchema,
    aws: awsEnvironmentSchema.default(awsEnvironmentSchema.parse({})),
  })
  .strict();

export const greenlightConfigFileSchema = z
  .object({
    $schema: z.string().optional(),
    /** A note for people (as in JSON Schema); `greenlight init` says there where the file came from. */
    $comment: z.string().optional(),
    environments: z
      .record(z.string().regex(/^[a-z][a-z0-9-]{0,62}$/), environmentEntrySchema)
      .refine((environments) => Object.keys(environments).length > 0, 'expected at least one environment'),
  })
  .strict()
  .superRefine((file, context) => {
    for (const [name, entry] of Object.entries(file.environments)) {
      if (entry.config.environment !== name) {
        context.addIssue({
          code: 'custom',
          path: ['environments', name, 'config', 'environment'],
          message: `must equal the environment's key "${name}"`,
        });
      }
      for (const service of Object.keys(entry.aws.databaseSecrets ?? {})) {
        if (!(service in entry.config.services)) {
          context.addIssue({
            code: 'custom',
            path: ['environments', name, 'aws', 'databaseSecrets', service],
            message: `names service "${service}", which is not under config.services`,
          });
        }
      }
      for (const problem of configProblems(entry.config)) {
        context.addIssue({ code: 'custom', path: ['environments', name, 'config'], message: problem });
      }
      const source = entry.config.promotion?.requireSuccessIn;
      if (source && !(source in file.environments)) {
        context.addIssue({
          code: 'custom',
          path: ['environments', name, 'config', 'promotion', 'requireSuccessIn'],
          message: `names environment "${source}", which is not in this file`,
        });
      }
    }
  });

export type DrSchedule = z.infer<typeof drScheduleSchema>;
export type AwsEnvironment = z.infer<typeof awsEnvironmentSchema>;
export type EnvironmentEntry = z.infer<typeof environmentEntrySchema>;
export type GreenlightConfigFile = z.infer<typeof greenlightConfigFileSchema>;
