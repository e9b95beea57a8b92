import type { AslDefinition } from './definition.ts';
import { type ExecutionHistory, stateEventType } from './history.ts';

/** The interpreter's event, as much of it as the history reads (its types are not exported). */
interface InterpreterEvent {
  readonly type: string;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly state?: { readonly name: string; readonly input?: unknown; readonly output?: unknown };
  readonly Error?: string;
  readonly Cause?: unknown;
}

/**
 * Turns the interpreter's event stream into AWS-shaped history, stamped by the history's own
 * clock (the world's). The state types come from the ORIGINAL definition, so a Wait state that
 * ran as a task locally still reads `WaitStateEntered`. Once `isOver()` (the execution was
 * stopped or timed out), nothing more is recorded: AWS ends the history there.
 */
export async function recordInterpreterEvents(
  events: AsyncGenerator<unknown>,
  history: ExecutionHistory,
  definition: AslDefinition,
  isOver: () => boolean,
): Promise<void> {
  const typeOf = (name: string): string => definition.States[name]?.Type ?? 'Task';
  for await (const raw of events) {
    if (isOver()) continue;
    const event = raw as InterpreterEvent;
    const state = event.state ?? { name: '' };
    switch (event.type) {
      case 'ExecutionStarted':
        history.add('ExecutionStarted', {
          executionStartedEventDetails: { input: JSON.stringify(event.input) },
        });
        break;
      case 'StateEntered':
        history.add(stateEventType(typeOf(state.name), 'Entered'), {
          stateEnteredEventDetails: { name: state.name, input: JSON.stringify(state.input) },
        });
        break;
      case 'StateExited':
        history.add(stateEventType(typeOf(state.name), 'Exited'), {
          stateExitedEventDetails: { name: state.name, output: JSON.stringify(state.output) },
        });
        break;
      case 'ExecutionSucceeded':
        history.add('ExecutionSucceeded', {
          executionSucceededEventDetails: { output: JSON.stringify(event.output) },
        });
        break;
      case 'ExecutionFailed':
        history.add('ExecutionFailed', {
          executionFailedEventDetails: {
            error: event.Error,
            cause: typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? ''),
          },
        });
        break;
      default:
        // Retries and catches show as the Task* events around them; an abort or a timeout is
        // recorded by the runtime itself, with the caller's error and cause.
        break;
    }
  }
}
