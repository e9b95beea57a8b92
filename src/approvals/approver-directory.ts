/**
 * Who holds each approval role: the people a role's approval email addresses links to. Each
 * link is bound to one person, so the audit trail names who approved.
 */
import { ConfigError } from '../errors.ts';
import { normaliseIdentity } from './approval-link.ts';

/** Role → approver email addresses. */
export type ApproverDirectory = Readonly<Record<string, readonly string[]>>;

/**
 * Parses `{"cab": ["ana@example.com"], "security": ["sam@example.com"]}`.
 * @throws ConfigError naming `where` and the bad entry.
 */
export function parseApproverDirectory(text: string, where: string): ApproverDirectory {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${where} is not JSON; expected {"<role>": ["<email>", ...]}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${where} must be an object {"<role>": ["<email>", ...]}`);
  }
  const directory: Record<string, string[]> = {};
  for (const [role, emails] of Object.entries(raw)) {
    if (
      !Array.isArray(emails) ||
      !emails.every((e) => typeof e === 'string' && /^[^@\s]+@[^@\s]+$/.test(e))
    ) {
      throw new ConfigError(
        `${where}.${role} must be a list of email addresses (got ${JSON.stringify(emails)})`,
      );
    }
    directory[role] = [...new Set(emails.map(normaliseIdentity))];
  }
  return directory;
}

/** From `GREENLIGHT_APPROVERS`; empty when unset. */
export function approverDirectoryFromEnv(env: NodeJS.ProcessEnv = process.env): ApproverDirectory {
  const text = env.GREENLIGHT_APPROVERS;
  return text ? parseApproverDirectory(text, 'GREENLIGHT_APPROVERS') : {};
}
