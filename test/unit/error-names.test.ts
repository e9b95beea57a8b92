import { describe, expect, it } from 'vitest';
import { errorClasses, GreenlightError, RetryableError, TerminalError } from '../../src/errors.ts';

describe('the error hierarchy', () => {
  it.each(errorClasses.map((ErrorClass) => [ErrorClass.name, ErrorClass] as const))(
    '%s has its class name as `name` (the ASL ErrorEquals) and is retryable xor terminal',
    (className, ErrorClass) => {
      const error = new ErrorClass('something went wrong');
      expect(error.name).toBe(className);
      expect(className.endsWith('Error')).toBe(true);
      expect(error).toBeInstanceOf(GreenlightError);
      expect(error instanceof RetryableError).toBe(!(error instanceof TerminalError));
      expect(error.retryable).toBe(error instanceof RetryableError);
    },
  );

  it('keeps the cause it was given', () => {
    const cause = new Error('Rate exceeded');
    const [Throttled] = errorClasses;
    expect(new Throttled('ModifyListener throttled', { cause }).cause).toBe(cause);
  });
});
