// How the shell prints a failed statement: Spark's message, and for an error located in the statement (an analysis
// error's `line L pos P`) the statement with a caret under the spot, as a parse error already carries.
import { AnalysisException, ParseException, SparkError } from '../common/errors.js'

/** Flink's SQL client's first line for a failed statement. */
export const ERROR_HEADER = '[ERROR] Could not execute SQL statement. Reason:'

/** The text after ERROR_HEADER: the message, then `== SQL ==` and the caret when the error has a position. */
export function errorText(error: unknown, statement: string): string {
  if (!(error instanceof Error)) return String(error)
  // A parse error's message already holds the statement and its caret.
  if (error instanceof ParseException || !(error instanceof SparkError)) return messageOf(error)
  if (error instanceof AnalysisException && error.context) {
    const { line, column } = error.context
    const lines = statement.split(/\r\n|\r|\n/)
    const caret = `${'-'.repeat(Math.max(0, column - 1))}^^^`
    return [error.message, '', '== SQL ==', ...lines.slice(0, line), caret, ...lines.slice(line)].join('\n')
  }
  return error.message
}

/** A non-Spark error (a bug, or an I/O failure) keeps its class name so it is not mistaken for a SQL error. */
function messageOf(error: Error): string {
  if (error instanceof SparkError) return error.message
  return `${error.name}: ${error.message}`
}
