/**
 * The tags on everything Greenlight creates: the environment's cost allocation tags and
 * `greenlight:environment`, so Cost Explorer can split the bill by environment (seed 004 §11).
 * One rule for the CDK stack and for the snapshots the Backup step takes. Pure.
 */

/** The tag that names the environment on every resource. */
export const environmentTag = 'greenlight:environment';

export function resourceTags(
  environment: string,
  costAllocationTags: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...costAllocationTags, [environmentTag]: environment };
}
