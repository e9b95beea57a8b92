import { describe, expect, it } from 'vitest';
import { wireHistoryEvent } from '../../../src/local-world/sfn-api/shapes.ts';

const scheduled = {
  id: 3,
  previousEventId: 2,
  timestamp: 1_700_000_000_250,
  type: 'TaskScheduled',
  taskScheduledEventDetails: {
    resourceType: 'lambda',
    resource: 'invoke',
    region: 'local',
    parameters: '{"FunctionName":"preflight"}',
  },
};

describe('Module: sfn-api shapes', () => {
  it('keeps the event as the engine recorded it, with the timestamp in epoch seconds', () => {
    expect(wireHistoryEvent(scheduled, true)).toEqual({ ...scheduled, timestamp: 1_700_000_000.25 });
  });

  it.each([
    [
      'taskScheduledEventDetails',
      scheduled.taskScheduledEventDetails,
      { resourceType: 'lambda', resource: 'invoke', region: 'local' },
    ],
    ['executionStartedEventDetails', { input: '{}', inputDetails: { truncated: false } }, {}],
    ['stateExitedEventDetails', { name: 'Preflight', output: '{}' }, { name: 'Preflight' }],
    ['executionFailedEventDetails', { error: 'E', cause: 'C' }, { error: 'E', cause: 'C' }],
  ])('without execution data, reduces %s %j to %j', (key, details, kept) => {
    const event = { id: 1, previousEventId: 0, timestamp: 0, type: 'X', [key]: details };

    expect(wireHistoryEvent(event, false)[key]).toEqual(kept);
  });
});
