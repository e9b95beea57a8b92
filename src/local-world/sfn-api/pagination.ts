/**
 * Pagination as the list actions do it: `maxResults` items per page and an opaque `nextToken`
 * while more remain. The token is base64 of the next offset and the listing it belongs to, so a
 * token replayed against another listing (another execution, the other order) is refused with
 * InvalidToken rather than silently paging through the wrong list.
 */
import { StepFunctionsApiError } from '../../runtime/local-step-functions.ts';

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

interface TokenContent {
  readonly offset: number;
  readonly scope: string;
}

/** Encodes where the next page starts. */
export function encodeToken(content: TokenContent): string {
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64');
}

/** Decodes a token issued by {@link encodeToken} for `scope`; InvalidToken for anything else. */
export function decodeToken(token: string, scope: string): number {
  let content: Partial<TokenContent> | undefined;
  try {
    content = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Partial<TokenContent>;
  } catch {
    content = undefined;
  }
  const offset = content?.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || content?.scope !== scope) {
    throw new StepFunctionsApiError(
      'InvalidToken',
      `Invalid Token: '${token}' is not a nextToken of this listing; repeat the first call without nextToken`,
    );
  }
  return offset;
}

/**
 * One page of `items`. `scope` names the listing (action and its filters) the token is good for.
 * Offsets index the listing as it is now: items added meanwhile may shift a page by one, as
 * AWS's own eventually-consistent lists can.
 */
export function paginate<T>(
  items: readonly T[],
  options: { readonly pageSize: number; readonly nextToken?: string; readonly scope: string },
): Page<T> {
  const start = options.nextToken === undefined ? 0 : decodeToken(options.nextToken, options.scope);
  const end = start + options.pageSize;
  const page = items.slice(start, end);
  return end < items.length
    ? { items: page, nextToken: encodeToken({ offset: end, scope: options.scope }) }
    : { items: page };
}
