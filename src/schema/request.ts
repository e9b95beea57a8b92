import * as z from 'zod';

/** Release types of seed 000 §4.2; each has its own approvals and deployment window. */
export const releaseTypes = ['major', 'minor', 'patch', 'hotfix'] as const;
export type ReleaseType = (typeof releaseTypes)[number];

/** A service or environment name: lower-case letters, digits and dashes, starting with a letter. */
export const kebabName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'expected lower-case letters, digits and dashes, starting with a letter');

/**
 * What CodePipeline, an operator or an EventBridge `Deployment Requested` event asks for.
 * Validated in `Preflight` before anything changes.
 */
/**
 * A container image reference, as Docker's reference grammar has it: an optional registry host
 * (with a port), lowercase path components, an optional tag and an optional sha256 digest.
 */
const imageReference =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** Who asked, or who attests: a person or pipeline; one line, no control characters. */
const actor = (what: string) =>
  z
    .string()
    .min(1, `expected ${what} (a person or pipeline)`)
    .max(512, 'expected at most 512 characters (an IAM ARN or an e-mail address)')
    // A newline here once forged a field of the notification body.
    .regex(/^[^\p{Cc}\u2028\u2029]+$/u, 'expected no control characters or line breaks');

/** One checklist item attested: `tests-passing` by `ci@pipeline` as `qa` (src/core/checklist.ts). */
export const attestationSchema = z
  .object({
    item: z.string().min(1).max(63),
    role: z.string().min(1).max(63),
    by: actor('who attests the item'),
    /** Where the proof is: a report, a ticket, a build. */
    evidence: z.string().max(2048).optional(),
  })
  .strict();

export const deploymentRequestSchema = z
  .object({
    service: kebabName.describe('the service to deploy, as named in the environment config'),
    environment: kebabName.describe('dev, staging, production, ...'),
    version: z
      .string()
      .regex(/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'expected a semantic version such as 1.4.2'),
    image: z
      .string()
      .min(1, 'expected a container image reference such as 123.dkr.ecr.eu-west-1.amazonaws.com/shop:1.4.2')
      // ECS takes at most 255 characters: refuse here what RegisterTaskDefinition would refuse late.
      .max(255, 'expected at most 255 characters, the longest image reference ECS accepts')
      .regex(
        imageReference,
        'expected a container image reference [registry[:port]/]repository[:tag][@sha256:digest], such as 123.dkr.ecr.eu-west-1.amazonaws.com/shop:1.4.2',
      ),
    releaseType: z.enum(releaseTypes),
    changeRequestId: z.string().regex(/^[A-Za-z]+-\d+$/, 'expected a change-request id such as CHG-1042'),
    migrations: z
      .object({
        location: z.string().min(1, 'expected the folder or S3 prefix that holds the migrations'),
      })
      .strict()
      .optional(),
    requestedBy: actor('who asked for the deployment'),
    /** When the release was announced, for the environment's advance notice (src/core/advance-notice.ts). */
    announcedAt: z.iso
      .datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-01-08T10:00:00Z' })
      .optional(),
    /** The environment's pre-deployment checklist, attested item by item (config `checklist`). */
    attestations: z.array(attestationSchema).max(100).optional(),
    /** Idempotency key; becomes the execution name. Generated when absent. */
    deploymentId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,80}$/, 'expected 1-80 letters, digits, dashes or underscores')
      .optional(),
  })
  .strict();

export type DeploymentRequest = z.infer<typeof deploymentRequestSchema>;
export type Attestation = z.infer<typeof attestationSchema>;
