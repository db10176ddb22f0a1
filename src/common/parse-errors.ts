// Turns the grammar's SqlSyntaxError into Spark's ParseException (same message, position and expected tokens).
import { SqlSyntaxError } from '../../grammar/index.js'
import { ParseException } from './errors.js'

/** Runs a grammar entry point, rethrowing syntax errors as ParseException. */
export function parseOrThrow<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof SqlSyntaxError) {
      throw new ParseException(error.message, error.line, error.column, error.expected, { cause: error })
    }
    if (error instanceof RangeError) {
      // Text the lexer or parser could not hold (a literal of many megabytes): an error, never a crash.
      throw new ParseException(`The statement is too large to parse (${error.message}).`, 1, 1, [], { cause: error })
    }
    throw error
  }
}
