import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors.ts';
import { openApprovalGate } from '../../src/operator/approval-gate-client.ts';

describe('openApprovalGate', () => {
  it.each([
    ['a local endpoint without the approval API', { endpoint: 'http://127.0.0.1:1' }, {}, /--approval-url/],
    ['AWS without the table', {}, {}, /--table/],
    [
      'a malformed approval URL',
      { endpoint: 'http://127.0.0.1:1', approvalUrl: 'nope' },
      {},
      /--approval-url: expected a URL/,
    ],
  ])('explains %s', (_label, flags, env, message) => {
    expect(() => openApprovalGate(flags, env)).toThrow(InvalidRequestError);
    expect(() => openApprovalGate(flags, env)).toThrow(message);
  });

  it.each([
    ['the flag', { endpoint: 'http://127.0.0.1:1', approvalUrl: 'http://127.0.0.1:2' }, {}],
    [
      'the environment',
      {},
      { GREENLIGHT_ENDPOINT: 'http://127.0.0.1:1', GREENLIGHT_APPROVAL_URL: 'http://127.0.0.1:2' },
    ],
    ['a table name', { table: 'greenlight', region: 'us-east-1' }, {}],
  ])('opens a gate from %s', (_label, flags, env) => {
    expect(typeof openApprovalGate(flags, env)).toBe('function');
  });
});
