/**
 * An RDS snapshot identifier for a deployment: letters, digits and single hyphens, starting
 * with a letter, at most 255 characters (the RDS rules), and stable for retries.
 */
export function snapshotIdFor(service: string, environment: string, deploymentId: string): string {
  const raw = `greenlight-${service}-${environment}-${deploymentId}`;
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
  return cleaned.slice(0, 255).replace(/-$/, '');
}
