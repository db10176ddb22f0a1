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
    throw error
  }
}
