// Typed errors with Spark's class names and message texts; each keeps its cause.

export interface ErrorOptions {
  /** Spark's error class, e.g. `UNRESOLVED_COLUMN.WITH_SUGGESTION`; legacy classes print without a prefix. */
  readonly errorClass?: string
  readonly cause?: unknown
}

/** The root of every error Rivulet raises on purpose. */
export class SparkError extends Error {
  readonly errorClass: string | undefined

  constructor(message: string, options: ErrorOptions = {}) {
    const { errorClass, cause } = options
    const prefixed = errorClass && !errorClass.startsWith('_LEGACY') ? `[${errorClass}] ${message}` : message
    super(prefixed, cause === undefined ? undefined : { cause })
    this.name = new.target.name
    this.errorClass = errorClass
  }
}

/** Where in a SQL text an error was found (1-based line and column). */
export interface QueryContext {
  readonly line: number
  readonly column: number
}

/** A query that cannot be analyzed: unknown columns, bad types, unsupported streaming operations. */
export class AnalysisException extends SparkError {
  /** Set for errors found in SQL text: the position of the offending fragment. */
  readonly context: QueryContext | undefined

  constructor(message: string, options: ErrorOptions & { readonly context?: QueryContext } = {}) {
    const { context } = options
    super(context ? `${message}; line ${context.line} pos ${context.column - 1}` : message, options)
    this.context = context
  }

  /** The same error located in SQL text (Spark appends `; line L pos P`); errors already located are kept. */
  at(context: QueryContext): AnalysisException {
    if (this.context) return this
    const located = new (this.constructor as typeof AnalysisException)(this.rawMessage(), {
      errorClass: this.errorClass,
      cause: this.cause,
      context,
    })
    located.stack = this.stack
    return located
  }

  private rawMessage(): string {
    const prefix = this.errorClass && !this.errorClass.startsWith('_LEGACY') ? `[${this.errorClass}] ` : ''
    return this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message
  }
}

/** SQL text that does not parse; carries the position of the offending token. */
export class ParseException extends AnalysisException {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly expected: readonly string[] = [],
    options: ErrorOptions = {},
  ) {
    super(message, options)
  }

  override at(): AnalysisException {
    return this
  }
}

export class IllegalArgumentException extends SparkError {}

/** Arithmetic that overflows or divides by zero where Spark raises (SparkArithmeticException). */
export class ArithmeticException extends SparkError {}

export class IllegalStateException extends SparkError {}

export class UnsupportedOperationException extends SparkError {}

/** Java's NoSuchElementException: something asked for is not there (GroupState.get of an undefined state). */
export class NoSuchElementException extends SparkError {}

/** A failure while a batch runs (division by zero in ANSI mode, a malformed record in FAILFAST mode, ...). */
export class SparkRuntimeException extends SparkError {}

/**
 * Spark's generic SparkException: here, user code that failed while a batch ran (a UDF, a foreach writer, a
 * stateful processor). `cause` is the user's error; `input`, where there is one, the values it failed on.
 */
export class SparkException extends SparkError {
  readonly input: readonly unknown[] | undefined

  constructor(message: string, options: ErrorOptions & { readonly input?: readonly unknown[] } = {}) {
    super(message, options)
    this.input = options.input
  }
}

/** A user error as Java's `Throwable.toString` prints it (`Error: boom`): Spark's `reason` in user-function errors. */
export function throwableText(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : `${error.name}: ${error.message}`
  return String(error)
}

/** A streaming query terminated by a failure; `cause` is the original error. */
export class StreamingQueryException extends SparkError {
  constructor(
    message: string,
    readonly queryId: string,
    readonly runId: string,
    options: ErrorOptions = {},
  ) {
    super(message, options)
  }
}

/** The message of any thrown value, for wrapping errors without losing their text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A TCP connection that could not be opened (Java's `java.net.ConnectException`). */
export class ConnectException extends SparkError {}
