// Runs anywhere (pure).
/**
 * Errors that cross boundaries (IPC, HTTP, the command line) as data: a stable code and a sentence.
 * Codes are a contract; messages are for people and may change.
 */
export const ERROR_CODES = [
  'bad-input',
  'auth',
  'forbidden',
  'not-found',
  'conflict',
  'tls',
  'network',
  'timeout',
  'server',
  'drift',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
}

export class TaglockError extends Error {
  constructor(readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaglockError';
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message };
  }
}

export function badInput(message: string): TaglockError {
  return new TaglockError('bad-input', message);
}
