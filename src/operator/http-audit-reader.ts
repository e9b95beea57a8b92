/**
 * Reads deployment records and audit events from the audit API `greenlight serve` hosts, as the
 * same three Store methods the DynamoDB table answers on AWS, so `history` and `show` assemble
 * the audit record the same way on both.
 */
import { ServiceUnavailableError } from '../errors.ts';
import type { AuditEvent, DeploymentRecord } from '../ports/store.ts';
import { type AuditReader, deploymentsPath } from './local-api-contract.ts';

async function getJson(url: URL, notFound: 'null' | 'error'): Promise<Record<string, unknown> | null> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new ServiceUnavailableError(
      `could not reach the audit API at ${url.origin} (${cause}); is greenlight serve running, and is --audit-url / GREENLIGHT_AUDIT_URL the URL it printed?`,
      { cause: error },
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 404 && notFound === 'null') return null;
  if (!response.ok) {
    throw new ServiceUnavailableError(
      `the audit API at ${url.origin} answered HTTP ${response.status}: ${String(body.error ?? 'no reason given')}`,
    );
  }
  return body;
}

/** The audit API at `baseUrl` as a read-only store. */
export function httpAuditReader(baseUrl: string): AuditReader {
  const at = (path: string) => new URL(path, baseUrl);
  const one = (deploymentId: string) => `${deploymentsPath}/${encodeURIComponent(deploymentId)}`;
  return {
    async listDeployments(filter) {
      const url = at(deploymentsPath);
      if (filter.service) url.searchParams.set('service', filter.service);
      if (filter.environment) url.searchParams.set('environment', filter.environment);
      const body = await getJson(url, 'error');
      return (body?.deployments ?? []) as DeploymentRecord[];
    },
    async getDeployment(deploymentId) {
      const body = await getJson(at(one(deploymentId)), 'null');
      return (body?.deployment ?? null) as DeploymentRecord | null;
    },
    async listAudit(deploymentId) {
      const body = await getJson(at(`${one(deploymentId)}/audit`), 'error');
      return (body?.events ?? []) as AuditEvent[];
    },
  };
}
