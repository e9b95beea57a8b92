import * as z from 'zod';
import {
  approvalHeartbeatSeconds,
  minApprovalTimeoutSeconds,
  reminderRunEverySeconds,
} from '../approvals/reminder-schedule.ts';
import { releaseTypes } from './request.ts';

/** One traffic step: green gets `weightPercent` of requests, then bakes for `bakeSeconds`. */
export const trafficStepSchema = z
  .object({
    weightPercent: z.number().int().min(0).max(100),
    bakeSeconds: z
      .number()
      .int()
      .min(1, 'a bake lasts at least 1 second')
      .max(86_400 * 7),
  })
  .strict();

/** Thresholds of the verify verdict; defaults reproduce seed 000 §6.1 and seed 003. */
export const verifyThresholdsSchema = z
  .object({
    /** Seed 000 §6.1: 3 consecutive health-check failures. */
    consecutiveHealthCheckFailures: z.number().int().min(1).default(3),
    /** Seed 000 §6.1: error rate up by more than 5 (percentage points over blue). */
    maxErrorRateIncreasePoints: z.number().min(0).max(100).default(5),
    /** Seed 003: error rate over 5% rolls back whatever blue does. */
    maxErrorRatePercent: z.number().min(0).max(100).default(5),
    /** Seed 000 §6.1: response time up by more than 300% (p95, green against blue). */
    maxLatencyIncreasePercent: z.number().min(0).default(300),
    /** Absolute p95 ceiling (seed 000 §10.2: p95 over 2 s alerts). */
    maxP95Ms: z.number().positive().default(2000),
    /** Latency increases are ignored while green's p95 stays under this (noise at tiny latencies). */
    latencyNoiseFloorMs: z.number().min(0).default(20),
    /** Below this many green requests in the window the comparison is inconclusive. */
    minRequests: z.number().int().min(0).default(50),
    /** What an inconclusive window means: roll back (safe) or carry on (quiet environments). */
    onInsufficientData: z.enum(['rollback', 'proceed']).default('rollback'),
  })
  .strict();

/**
 * What green must show at the end of every bake to take more traffic (seed 003 "Success
 * Criteria": error rate < 0.1%, p95 < 200 ms). Apart from the rollback thresholds: a release
 * between the two is not bad enough to abort, and not good enough to promote.
 */
export const successCriteriaSchema = z
  .object({
    /** Green's error rate must be under this, in percent (seed 003: 0.1). */
    maxErrorRatePercent: z.number().min(0).max(100),
    /** Green's p95 must be under this, in milliseconds (seed 003: 200). */
    maxP95Ms: z.number().positive(),
    /** A miss holds the step for another bake and judges again, or rolls back at once. */
    onMiss: z.enum(['hold', 'rollback']).default('hold'),
    /** How many extra bakes one step may hold for; a miss after the last rolls back. */
    maxHolds: z.number().int().min(1).max(10).default(2),
  })
  .strict();

/**
 * Greenlight's CloudWatch alarms on each colour (src/core/alarm-definitions.ts): the same
 * definitions on AWS and in the local twin.
 */
export const alarmSettingsSchema = z
  .object({
    /** Period of the ALB metric alarms. ALB publishes its metrics per minute. */
    periodSeconds: z.union([z.literal(60), z.literal(300)]).default(60),
    /** Periods looked at, and how many of them must breach (M of N). */
    evaluationPeriods: z.number().int().min(1).default(1),
    datapointsToAlarm: z.number().int().min(1).default(1),
    /**
     * Also alarm on the app's own high-resolution (10 s) metrics in this namespace, published
     * with dimensions Service, Environment and Colour: `Requests`, `Errors5xx`, `LatencyMs`.
     * @default - ALB metrics only
     */
    highResolutionNamespace: z.string().min(1).max(255).optional(),
  })
  .strict()
  .refine((a) => a.datapointsToAlarm <= a.evaluationPeriods, {
    message: 'datapointsToAlarm must not exceed evaluationPeriods',
    path: ['datapointsToAlarm'],
  });

/**
 * One item of the pre-deployment checklist (seed 000 §4.4, seed 002, seed 003): what must be
 * true, and the role that attests it in the request (src/core/checklist.ts).
 */
export const checklistItemSchema = z
  .object({
    /** What the request's attestation names: `tests-passing`. */
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,62}$/,
        'expected lower-case letters, digits and dashes, such as tests-passing',
      ),
    /** As the procedure words it: "All tests passing". */
    title: z.string().min(1).max(200),
    /** Who attests it: a person or pipeline stage holding this role. */
    role: z.string().min(1),
    /** The release types it applies to; all when missing. */
    releaseTypes: z.array(z.enum(releaseTypes)).min(1).optional(),
  })
  .strict();

/**
 * AWS's tag rules (the Tagging API, RDS and CloudFormation share them): a key of 1–128 and a
 * value of 0–256 letters, digits, spaces and `_ . : / = + - @`; `aws:` is AWS's own prefix.
 */
const tagCharacters = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Why a tag key breaks AWS's rules or Greenlight's reserved prefixes, or null when it is fine. */
function tagKeyProblem(key: string): string | null {
  if (key.length < 1 || key.length > 128) return 'expected a tag key of 1 to 128 characters';
  if (!tagCharacters.test(key))
    return 'expected letters, digits, spaces and _ . : / = + - @ only (AWS tag rules)';
  if (key.toLowerCase().startsWith('aws:')) return 'the aws: prefix is reserved for AWS';
  if (key.startsWith('greenlight:')) return 'the greenlight: prefix is reserved for the tags Greenlight sets';
  return null;
}
const tagValue = z
  .string()
  .max(256, 'expected a tag value of at most 256 characters')
  .regex(tagCharacters, 'expected letters, digits, spaces and _ . : / = + - @ only (AWS tag rules)');

/**
 * Tags for cost allocation (seed 004 §11: environment-level cost monitoring), put on every
 * resource Greenlight creates, snapshots included. AWS allows 50 tags a resource; Greenlight's
 * own take up to 5, and 40 leaves room for what an organisation adds by policy.
 */
export const costAllocationTagsSchema = z
  .record(z.string(), tagValue)
  .superRefine((tags, context) => {
    for (const key of Object.keys(tags)) {
      const problem = tagKeyProblem(key);
      // Said on the key itself: a record's own key error would only say "Invalid key in record".
      if (problem)
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `tag key ${JSON.stringify(key.slice(0, 40))}: ${problem}`,
        });
    }
    if (Object.keys(tags).length > 40) {
      context.addIssue({
        code: 'custom',
        message: 'expected at most 40 cost allocation tags (AWS allows 50 a resource)',
      });
    }
  })
  .default({});

/** An approval requirement: `count` distinct approvers holding `role`. */
export const approvalRequirementSchema = z
  .object({
    role: z.string().min(1),
    count: z.number().int().min(1).default(1),
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as 22:00');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** A recurring window, e.g. Thursday 22:00 for 120 minutes (seed 000 §4.3). */
export const recurringWindowSchema = z
  .object({
    days: z.array(weekday).min(1),
    start: hhmm,
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  })
  .strict();

/** `12-20`: a day of every year. 02-29 is refused: it would freeze nothing three years in four. */
const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a month and day such as 12-20')
  .refine((value) => {
    const [month, day] = value.split('-').map(Number) as [number, number];
    return day <= new Date(Date.UTC(2001, month, 0)).getUTCDate();
  }, 'expected a day that every year has (02-29 is not one: use 02-28 or 03-01)');

/** What every freeze has, whatever its schedule. */
const freezeCommon = {
  reason: z.string().min(1),
  /** Release types still allowed during the freeze (hotfixes usually are). */
  allow: z.array(z.enum(releaseTypes)).default([]),
  /**
   * Approvals an allowed release needs while the freeze is in force, on top of its release
   * type's own: the emergency path goes through a freeze only with its approvals.
   */
  approvals: z.array(approvalRequirementSchema).default([]),
};

/** A freeze between two instants. */
export const fixedFreezeSchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), ...freezeCommon })
  .strict();

/** A freeze every week, in `windows.timeZone`: seed 000 §4.3's code freeze from Tuesday 17:00. */
export const weeklyFreezeSchema = z.object({ weekly: recurringWindowSchema, ...freezeCommon }).strict();

/**
 * A freeze every year over whole local days, in `windows.timeZone`: from 00:00 on `from` up to
 * the end of `through`. It crosses the new year when `through` comes before `from` (12-20 → 01-02).
 */
export const yearlyFreezeSchema = z
  .object({ yearly: z.object({ from: monthDay, through: monthDay }).strict(), ...freezeCommon })
  .strict();

export const freezeSchema = z.union([fixedFreezeSchema, weeklyFreezeSchema, yearlyFreezeSchema], {
  error: () =>
    'expected a freeze with either from and to (date-times), weekly ({ days, start, durationMinutes }) or yearly ({ from, through } as MM-DD), and a reason',
});

export const windowsSchema = z
  .object({
    /** IANA time zone the windows are written in. */
    timeZone: z.string().default('UTC'),
    /** Named recurring windows. */
    named: z.record(z.string(), z.array(recurringWindowSchema)).default({}),
    /** For each release type: the name of a window, or `anytime`. */
    byReleaseType: z.partialRecord(z.enum(releaseTypes), z.string()).default({
      major: 'anytime',
      minor: 'anytime',
      patch: 'anytime',
      hotfix: 'anytime',
    }),
    freezes: z.array(freezeSchema).default([]),
  })
  .strict();

/** The longest a pre-traffic trial may take: VerifyGreen's task timeout leaves room for the rest. */
export const maxTrialSeconds = 90;

/**
 * The pre-traffic trial: before any user request reaches green, VerifyGreen sends `requests`
 * GETs of `paths` to green through the test listener, and as many to blue through
 * `productionUrl` (all blue until the first shift), interleaved at `ratePerSecond` each. Green
 * is judged against blue with the same rules as a bake (the early verdict's sequential test and
 * Verify's latency checks): a release that errs or slows down is rolled back before any user
 * sees it.
 */
export const preTrafficTrialSchema = z
  .object({
    /** GETs per colour; 0 turns the trial off. Idempotent paths only: these are real requests. */
    requests: z
      .number()
      .int()
      .refine((n) => n === 0 || (n >= 100 && n <= 5000), 'expected 0 (off) or 100 to 5000 requests')
      .default(600),
    ratePerSecond: z.number().min(1).max(200).default(20),
    /** App paths, requested in turn. */
    paths: z.array(z.string().startsWith('/')).min(1).default(['/']),
    /** Base URL of the production listener, for blue's side of the comparison; without it green is judged alone. */
    productionUrl: z
      .string()
      .regex(/^https?:\/\//, 'expected an http(s) base URL')
      .optional(),
  })
  .strict()
  .refine((trial) => trial.requests / trial.ratePerSecond <= maxTrialSeconds, {
    message: `a trial takes requests / ratePerSecond seconds, at most ${maxTrialSeconds}: send fewer requests or raise the rate`,
  });

export type PreTrafficTrial = z.infer<typeof preTrafficTrialSchema>;

/** Where Greenlight acts for one service: opaque ids the adapters understand (ARNs on AWS). */
/**
 * A smoke test: a path, which a GET must answer with a 2xx, or a request and the answer it must
 * get (seed 003 Step 3: "POST /api/audit/events" with its expected result). An object body is
 * sent as JSON. Only GET and HEAD tests also probe the live colour during a rollback: the others
 * may change data, and production is not theirs to write to.
 */
export const smokeTestSchema = z.union([
  z.string().startsWith('/', 'expected a path such as /health'),
  z
    .object({
      path: z.string().startsWith('/', 'expected a path such as /api/audit/events'),
      method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
      headers: z
        .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'expected a header name'), z.string())
        .default({}),
      body: z
        .union([z.string().max(65_536), z.record(z.string(), z.unknown()), z.array(z.unknown())])
        .optional(),
      expect: z
        .object({
          /** The status, or the statuses, that pass; any 2xx when missing. */
          status: z
            .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)])
            .optional(),
          /** Text the answer's body must contain. */
          bodyIncludes: z.string().min(1).max(1024).optional(),
        })
        .strict()
        .default({}),
    })
    .strict(),
]);

/**
 * A lifecycle hook (seed 003 Steps 3–6: the verification scripts run before traffic and at each
 * step): a Lambda function on AWS, or a command locally, that must pass within its timeout. The
 * function gets the hook's context as its event and answers `{ "passed": true | false,
 * "detail": "..." }`; a command gets it in GREENLIGHT_HOOK and passes by exiting 0.
 */
export const lifecycleHookSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,62}$/,
        'expected lower-case letters, digits and dashes, such as verify-audit-trail',
      ),
    lambda: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/,
        'expected a Lambda function ARN such as arn:aws:lambda:eu-west-1:123456789012:function:verify-audit-trail',
      )
      .optional(),
    command: z.array(z.string().min(1)).min(1).optional(),
    timeoutSeconds: z.number().int().min(1).max(60).default(30),
  })
  .strict()
  .refine((hook) => (hook.lambda === undefined) !== (hook.command === undefined), {
    message:
      'give either lambda (a function ARN, on AWS) or command (an argv list, locally), not both or neither',
  });

export const serviceBindingSchema = z
  .object({
    listener: z.string().min(1),
    /** Optional test listener's base URL: smoke tests and the pre-traffic trial reach the colour being deployed through it. */
    testListener: z.string().min(1).optional(),
    /**
     * The test listener itself (its ARN on AWS): DeployGreen points it at the colour being
     * deployed, so the smoke tests and the trial judge the new release, never the live one.
     * Required with `testListener`.
     */
    testListenerArn: z.string().min(1).optional(),
    targetGroups: z.object({ blue: z.string().min(1), green: z.string().min(1) }).strict(),
    compute: z
      .object({ cluster: z.string().min(1), blue: z.string().min(1), green: z.string().min(1) })
      .strict(),
    database: z
      .object({ id: z.string().min(1), kind: z.enum(['instance', 'cluster']).default('instance') })
      .strict(),
    /** Requested through the test listener before any traffic moves: paths, or requests with their expected answers. */
    smokeTests: z.array(smokeTestSchema).default(['/health', '/health/ready', '/health/db']),
    trial: preTrafficTrialSchema.default(preTrafficTrialSchema.parse({})),
    /** Run before any traffic (after the smoke tests) and after each step's verdict; a failing one rolls back. */
    hooks: z
      .object({
        beforeTraffic: z.array(lifecycleHookSchema).default([]),
        afterStep: z.array(lifecycleHookSchema).default([]),
      })
      .strict()
      .default({ beforeTraffic: [], afterStep: [] }),
  })
  .strict();

export const environmentConfigSchema = z
  .object({
    environment: z.string().min(1),
    trafficPlan: z.array(trafficStepSchema).min(1),
    verify: verifyThresholdsSchema.default(verifyThresholdsSchema.parse({})),
    /** Tags for cost allocation on every resource Greenlight creates (activate them in Billing). */
    costAllocationTags: costAllocationTagsSchema,
    /** The pre-deployment checklist: items the request must carry attestations for; none by default. */
    checklist: z.array(checklistItemSchema).default([]),
    /** The condition for promotion, checked after every bake once the thresholds pass; none by default. */
    successCriteria: successCriteriaSchema.optional(),
    alarms: alarmSettingsSchema.default({ periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1 }),
    /** Seed 001: blue stays on hot standby (48 h there); seed 003: decommission at T+60 min. */
    standbySeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400 * 7),
    /**
     * How long after promotion the new live colour's alarms stay armed (seed 002: 72 hours). While
     * blue is on standby an alarm rolls back, as always; after that it pages. No workflow state
     * waits for it, so it costs no state transitions however long it is. 0: none beyond the standby.
     */
    extendedMonitoringSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400 * 30)
      .default(0),
    approvals: z.partialRecord(z.enum(releaseTypes), z.array(approvalRequirementSchema)).default({}),
    /**
     * Approvals due after a release went out (seed 000 §7.4: an emergency fix first, its
     * "post-hoc approval within 24 hours"). Counted like the gate's; an overdue one pages.
     */
    approvalsAfter: z
      .partialRecord(
        z.enum(releaseTypes),
        z
          .object({
            approvals: z.array(approvalRequirementSchema).min(1),
            withinSeconds: z
              .number()
              .int()
              .min(300)
              .max(30 * 86_400),
          })
          .strict(),
      )
      .default({}),
    /**
     * How long before its start each release type must be announced, in seconds (seed 002: 48 h,
     * seed 003: 24 h, seed 000: 1 h); the request says when it was (`announcedAt`).
     */
    notice: z
      .partialRecord(
        z.enum(releaseTypes),
        z
          .number()
          .int()
          .min(0)
          .max(86_400 * 30),
      )
      .default({}),
    /**
     * How long an approval gate waits, what silence means (seed 000: no approval, no release),
     * and how often the approvers who have not answered are reminded.
     */
    approvalGate: z
      .object({
        timeoutSeconds: z
          .number()
          .int()
          .min(
            minApprovalTimeoutSeconds,
            `an approval gate waits at least ${minApprovalTimeoutSeconds} s: its heartbeat (${approvalHeartbeatSeconds} s, kept alive by the approval reminder) must end before the timeout`,
          )
          .max(86_400 * 7)
          .default(86_400),
        onTimeout: z.enum(['reject', 'approve']).default('reject'),
        /**
         * Re-send the approval request to those who have not approved yet, this long after the
         * last one. Set it to the timeout or more for no reminders.
         */
        reminderEverySeconds: z
          .number()
          .int()
          .min(
            reminderRunEverySeconds,
            `the approval reminder runs every ${reminderRunEverySeconds} s, so it cannot remind more often than that`,
          )
          .max(86_400 * 7)
          .default(14_400),
      })
      .strict()
      .default({ timeoutSeconds: 86_400, onTimeout: 'reject', reminderEverySeconds: 14_400 }),
    windows: windowsSchema.default(windowsSchema.parse({})),
    /** Production only takes a version that succeeded here first (seed 000 §2.3). */
    promotion: z
      .object({ requireSuccessIn: z.string().min(1) })
      .strict()
      .optional(),
    backup: z
      .object({
        enabled: z.boolean().default(true),
        retentionDays: z.number().int().min(1).default(7),
        /** How often the approved snapshot restore is checked (a restore has no event to wait for). */
        pollSeconds: z.number().int().min(1).default(30),
        /** How long AwaitBackup waits for the snapshot (the wait relay ends it as soon as RDS says it is available). */
        maxWaitSeconds: z.number().int().min(1).default(3600),
        /** The database's size in GB, for the cost estimate of its snapshot; unknown: priced per GB. */
        databaseGb: z.number().positive().max(131_072).optional(),
      })
      .strict()
      .default({ enabled: true, retentionDays: 7, pollSeconds: 30, maxWaitSeconds: 3600 }),
    /** How long AwaitGreen waits for the rollout to be steady (the wait relay ends it sooner). */
    deployGreen: z
      .object({
        maxWaitSeconds: z.number().int().min(1).default(900),
        /** Gone: named here only so an older config is told why, instead of "unrecognized key". */
        pollSeconds: z
          .undefined({
            error:
              "deployGreen.pollSeconds was removed: AwaitGreen no longer polls, it waits for ECS's deployment event (the wait relay, with a 5-minute fallback sweep); delete the setting",
          })
          .optional(),
      })
      .strict()
      .default({ maxWaitSeconds: 900 }),
    rollback: z
      .object({
        /** What to do with the database on rollback; a restore always waits for an approval. */
        database: z.enum(['none', 'down-scripts', 'restore-with-approval']).default('none'),
        /**
         * How long a snapshot restore waits for its approval. Silence declines it: a restore
         * throws away every write since the snapshot, so it never happens by default.
         */
        restoreApprovalTimeoutSeconds: z
          .number()
          .int()
          .min(60)
          .max(86_400 * 7)
          .default(3600),
        /** The bound on the restore and its renames, checked every backup.pollSeconds. */
        restoreMaxWaitSeconds: z.number().int().min(60).max(86_400).default(7200),
      })
      .strict()
      .default({ database: 'none', restoreApprovalTimeoutSeconds: 3600, restoreMaxWaitSeconds: 7200 }),
    /**
     * The deployment lock's lease: a lock not renewed for this long is abandoned (its execution
     * died without releasing it). Every step renews it, so it only has to outlast the longest
     * wait; leave it out to have it derived from the config (`leaseSeconds` in src/core/lease.ts).
     */
    lockStaleAfterSeconds: z
      .number()
      .int()
      .min(60)
      .max(86_400 * 14)
      .optional(),
    contact: z.string().default('on-call operations'),
    services: z.record(z.string(), serviceBindingSchema),
  })
  .strict();

export type TrafficStep = z.infer<typeof trafficStepSchema>;
export type VerifyThresholds = z.infer<typeof verifyThresholdsSchema>;
export type AlarmSettings = z.infer<typeof alarmSettingsSchema>;
export type ApprovalRequirement = z.infer<typeof approvalRequirementSchema>;
export type RecurringWindow = z.infer<typeof recurringWindowSchema>;
export type Windows = z.infer<typeof windowsSchema>;
export type SuccessCriteria = z.infer<typeof successCriteriaSchema>;
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type SmokeTest = z.infer<typeof smokeTestSchema>;
export type LifecycleHook = z.infer<typeof lifecycleHookSchema>;
export type ServiceBinding = z.infer<typeof serviceBindingSchema>;
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;
/** What a user writes: defaults may be omitted. */
export type EnvironmentConfigInput = z.input<typeof environmentConfigSchema>;
