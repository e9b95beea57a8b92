import { linkKeySourceFromEnv } from '../../src/adapters/aws/secrets-key.ts';
import { approvalLinkEndpoint } from '../../src/approvals/link-endpoint.ts';
import { storeNonceLedger } from '../../src/approvals/nonce-ledger.ts';
import { ConfigError } from '../../src/errors.ts';
import type { Ports } from '../../src/ports/index.ts';

/**
 * The approval-link endpoint bound to a set of ports: spent nonces live in the Store (a
 * conditional write), the keys come from Secrets Manager or the local environment.
 * @throws ConfigError when no signing key is configured.
 */
export function bindApprovalLinkEndpoint(
  ports: Pick<Ports, 'store' | 'callbacks' | 'clock'>,
  env: NodeJS.ProcessEnv = process.env,
) {
  const keys = linkKeySourceFromEnv(env);
  if (!keys) {
    throw new ConfigError(
      'the approval endpoint has no signing key: set GREENLIGHT_APPROVAL_KEY_SECRET_ID (AWS) or GREENLIGHT_APPROVAL_KEY (local)',
    );
  }
  return approvalLinkEndpoint({ ...ports, nonces: storeNonceLedger(ports.store), keys });
}
