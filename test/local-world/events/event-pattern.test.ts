import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../../src/local-world/events/event-pattern.ts';
import { parseLosslessJson } from '../../../src/local-world/events/lossless-json.ts';

/** The EC2 example event from the EventBridge user guide, with a few fields added for the operators. */
const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: [
    'arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0',
    'arn:aws:ec2:us-west-1:123456789012:instance/i-b188560f',
  ],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 7,
    'x-limit': 301.8,
    FileName: 'photo.png',
    sourceIPAddress: '10.0.0.123',
    responseElements: null,
    tags: [{ key: 'team', value: 'payments' }],
    EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/greenlight',
  },
};

describe('Function: matchesPattern', () => {
  it.each([
    ['exact value', { source: ['aws.ec2'] }, true],
    ['exact value, other', { source: ['aws.s3'] }, false],
    ['array of values is OR', { source: ['aws.s3', 'aws.ec2'] }, true],
    ['nested objects', { detail: { state: ['terminated'] } }, true],
    ['all fields must match', { source: ['aws.ec2'], detail: { state: ['running'] } }, false],
    [
      'event arrays match if any element matches',
      { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-b188560f'] },
      true,
    ],
    ['objects inside event arrays', { detail: { tags: { key: ['team'], value: ['payments'] } } }, true],
    ['null value', { detail: { responseElements: [null] } }, true],
    ['missing field never equals', { detail: { absent: ['x'] } }, false],
    ['prefix', { time: [{ prefix: '2017-12-22' }] }, true],
    ['prefix, no match', { time: [{ prefix: '2018' }] }, false],
    [
      'prefix equals-ignore-case',
      { 'detail-type': [{ prefix: { 'equals-ignore-case': 'ec2 INSTANCE' } }] },
      true,
    ],
    ['suffix', { detail: { FileName: [{ suffix: '.png' }] } }, true],
    [
      'suffix equals-ignore-case',
      { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } },
      true,
    ],
    ['anything-but value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
    ['anything-but value, same', { detail: { state: [{ 'anything-but': 'terminated' }] } }, false],
    ['anything-but number', { detail: { 'c-count': [{ 'anything-but': 5 }] } }, false],
    ['anything-but list', { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, true],
    [
      'anything-but list, listed',
      { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } },
      false,
    ],
    ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, true],
    ['anything-but prefix, prefixed', { detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, false],
    ['anything-but suffix', { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, true],
    [
      'anything-but equals-ignore-case',
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'TERMINATED'] } }] } },
      false,
    ],
    ['anything-but wildcard', { detail: { FileName: [{ 'anything-but': { wildcard: '*.txt' } }] } }, true],
    ['anything-but does not match a missing field', { detail: { absent: [{ 'anything-but': 'x' }] } }, false],
    [
      'numeric ranges',
      {
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      },
      true,
    ],
    ['numeric out of range', { detail: { 'c-count': [{ numeric: ['>', 5] }] } }, false],
    ['numeric never matches a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
    ['cidr', { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, true],
    ['cidr outside', { detail: { sourceIPAddress: [{ cidr: '10.0.1.0/24' }] } }, false],
    ['exists true', { detail: { state: [{ exists: true }] } }, true],
    ['exists true on a missing field', { detail: { absent: [{ exists: true }] } }, false],
    ['exists false on a missing field', { detail: { 'c-count-missing': [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { state: [{ exists: false }] } }, false],
    ['exists only sees leaves', { detail: [{ exists: true }] }, false],
    [
      'equals-ignore-case',
      { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      true,
    ],
    ['wildcard', { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } }, true],
    ['wildcard, no match', { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:eu-*' }] } }, false],
    [
      '$or, one branch matches',
      {
        detail: {
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
        },
      },
      true,
    ],
    ['$or, no branch matches', { $or: [{ source: ['aws.s3'] }, { region: ['eu-west-1'] }] }, false],
    ['mixed conditions in one leaf are OR', { detail: { state: ['running', { prefix: 'term' }] } }, true],
  ])('%s', (_name, pattern, expected) => {
    expect(validatePattern(pattern)).toEqual([]);
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});

describe('Function: validatePattern', () => {
  it.each([
    [[], 'must be a JSON object'],
    [{ source: 'aws.ec2' }, 'source: match values must be inside an array, e.g. ["aws.ec2"]'],
    [{ source: [] }, 'source: an empty array matches nothing'],
    [{ source: [{ prefx: 'a' }] }, 'source[0]: an operator object has exactly one key among prefix, suffix'],
    [{ source: [{ prefix: 1 }] }, 'prefix takes a string'],
    [{ n: [{ numeric: ['>', 'a'] }] }, 'numeric takes'],
    [{ n: [{ numeric: ['<', 5, '>', 0] }] }, 'numeric takes'],
    [{ n: [{ numeric: ['>', 5, '<', 1] }] }, 'numeric takes'],
    [{ n: [{ exists: 'yes' }] }, 'exists takes true or false'],
    [{ n: [{ 'anything-but': [] }] }, 'anything-but takes'],
    [{ n: [{ 'anything-but': ['a', 1] }] }, 'anything-but takes'],
    [{ n: [{ wildcard: 'a**b' }] }, 'consecutive * characters'],
    [{ n: [{ cidr: '10.0.0.0/33' }] }, 'cidr takes an IPv4 block'],
    [{ $or: [{ a: ['x'] }] }, '$or takes an array of at least two pattern objects'],
    [
      { detail: { $or: [{ a: ['x'] }, { b: 'y' }] } },
      'detail.$or[1].b: match values must be inside an array',
    ],
    // event-ruler refuses empty objects, at the top and inside.
    [{}, 'the event pattern: an empty object is not a pattern'],
    [{ detail: {} }, 'detail: an empty object is not a pattern'],
  ])('reports %j', (pattern, message) => {
    const problems = validatePattern(pattern);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });
});

describe('Number matching', () => {
  // The EventBridge user guide: "For numbers, EventBridge uses string representation. For
  // example, 300, 300.0, and 3.0e2 are not considered equal." Numeric matching compares values.
  const eventWith = (spelling: string) => parseLosslessJson(`{"detail": {"limit": ${spelling}}}`);
  const pattern = (text: string) => parseLosslessJson(text) as Record<string, unknown>;

  it.each([
    ['300', '300', true],
    ['300', '300.0', false],
    ['300', '3.0e2', false],
    ['300.0', '300.0', true],
    ['3.0e2', '3.0e2', true],
  ])('the exact value %s matches an event value spelled %s: %s', (inPattern, inEvent, expected) => {
    const rule = pattern(`{"detail": {"limit": [${inPattern}]}}`);
    expect(validatePattern(rule)).toEqual([]);
    expect(matchesPattern(rule, eventWith(inEvent))).toBe(expected);
  });

  it.each(['300', '300.0', '3.0e2'])('numeric "=" 300 matches %s, whatever its spelling', (inEvent) => {
    const rule = pattern('{"detail": {"limit": [{"numeric": ["=", 3.0e2]}]}}');
    expect(validatePattern(rule)).toEqual([]);
    expect(matchesPattern(rule, eventWith(inEvent))).toBe(true);
  });

  it('anything-but compares numbers by spelling too', () => {
    const rule = pattern('{"detail": {"limit": [{"anything-but": [300]}]}}');
    expect(matchesPattern(rule, eventWith('300'))).toBe(false);
    expect(matchesPattern(rule, eventWith('300.0'))).toBe(true);
  });
});
