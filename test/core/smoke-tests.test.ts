import { describe, expect, it } from 'vitest';
import { judgeSmokeAnswer, liveProbesOf, smokeRequestOf } from '../../src/core/smoke-tests.ts';
import { type SmokeTest, smokeTestSchema } from '../../src/schema/config.ts';

const parsed = (value: unknown): SmokeTest => smokeTestSchema.parse(value);
const auditEvent = parsed({
  path: '/api/audit/events',
  method: 'POST',
  body: { action: 'smoke-test' },
  expect: { status: 201, bodyIncludes: '"id"' },
});

describe('Function: smokeRequestOf', () => {
  it('makes a path a GET that any 2xx passes', () => {
    expect(smokeRequestOf('/health')).toEqual({
      path: '/health',
      method: 'GET',
      headers: {},
      expectStatus: null,
    });
  });

  it('sends an object body as JSON, saying so, and keeps the headers given', () => {
    const withHeader = parsed({
      path: '/api/audit/events',
      method: 'POST',
      headers: { 'x-tenant': 'smoke' },
      body: { action: 'smoke-test' },
      expect: { status: 201, bodyIncludes: '"id"' },
    });
    expect(smokeRequestOf(withHeader)).toEqual({
      path: '/api/audit/events',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'smoke' },
      body: '{"action":"smoke-test"}',
      expectStatus: [201],
      expectBodyIncludes: '"id"',
    });
  });

  it('sends a string body as it is', () => {
    expect(smokeRequestOf(parsed({ path: '/echo', method: 'PUT', body: 'raw' })).body).toBe('raw');
  });
});

describe('Function: judgeSmokeAnswer', () => {
  const get = smokeRequestOf('/health');
  const post = smokeRequestOf(auditEvent);
  const either = smokeRequestOf(parsed({ path: '/x', expect: { status: [200, 204] } }));

  it.each([
    { name: 'GET 200', request: get, status: 200, body: '', ok: true },
    { name: 'GET 204', request: get, status: 204, body: '', ok: true },
    { name: 'GET 302 (a login redirect)', request: get, status: 302, body: '', ok: false },
    { name: 'GET 503', request: get, status: 503, body: '', ok: false },
    { name: 'POST 201 with the text', request: post, status: 201, body: '{"id":"e1"}', ok: true },
    { name: 'POST 200, not the 201 expected', request: post, status: 200, body: '{"id":"e1"}', ok: false },
    { name: 'POST 201 without the text', request: post, status: 201, body: '{}', ok: false },
    { name: 'one of two statuses', request: either, status: 204, body: '', ok: true },
    { name: 'neither status', request: either, status: 201, body: '', ok: false },
  ])('$name: ok $ok', ({ request, status, body, ok }) => {
    expect(judgeSmokeAnswer(request, status, body).ok).toBe(ok);
  });

  it('says what came back and what was expected', () => {
    expect(judgeSmokeAnswer(post, 200, '').detail).toBe('POST /api/audit/events → 200, expected 201');
    expect(judgeSmokeAnswer(either, 500, '').detail).toBe('GET /x → 500, expected 200 or 204');
    expect(judgeSmokeAnswer(post, 201, '{}').detail).toBe(
      'POST /api/audit/events → 201, but the body does not contain "\\"id\\""',
    );
  });
});

describe('Function: liveProbesOf', () => {
  it('keeps only the tests that read: a rollback never writes to the live colour', () => {
    const tests = [
      '/health',
      auditEvent,
      parsed({ path: '/ready', method: 'HEAD' }),
      parsed({ path: '/x', method: 'DELETE' }),
    ];
    expect(liveProbesOf(tests).map((test) => smokeRequestOf(test).path)).toEqual(['/health', '/ready']);
  });
});

describe('Schema: smokeTestSchema', () => {
  it.each([
    { value: 'health', message: 'expected a path such as /health' },
    {
      value: { path: '/x', method: 'TRACE' },
      message: 'Invalid option: expected one of "GET"|"HEAD"|"POST"|"PUT"|"PATCH"|"DELETE"',
    },
    { value: { path: '/x', expect: { status: 99 } }, message: 'Too small: expected number to be >=100' },
  ])('refuses $value', ({ value, message }) => {
    const result = smokeTestSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message.replace(/"/g, '\\"'));
  });
});
