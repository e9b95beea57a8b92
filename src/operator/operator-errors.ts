import { TerminalError } from '../errors.ts';

/** An operator command cannot do what was asked in the deployment's current state (exit code 1). */
export class OperatorStateError extends TerminalError {}
