// The SQL entry point: text → statement (ParseException on bad syntax) → the plan `spark.sql` returns.
import { parseSql } from '../../grammar/index.js'
import { ParseException } from '../common/errors.js'
import { parseOrThrow } from '../common/parse-errors.js'
import type { LogicalPlan } from '../logical/plan.js'
import { bindContext, type SqlSession } from './bind-context.js'
import { bindConfigStatement } from './config-statements.js'
import { bindStatement } from './statements.js'

/** Parses and binds one statement; commands (CREATE VIEW) take effect. */
export function sqlToPlan(session: SqlSession, text: string): LogicalPlan {
  const config = bindConfigStatement(text, bindContext(session, text), session.conf)
  if (config) return config
  const statement = parseOrThrow(() => parseSql(text))
  try {
    return bindStatement(statement, bindContext(session, text))
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    // A statement whose tree is deeper than the analyzer's stack (e.g. a + b + … with thousands of terms).
    throw new ParseException(
      `The statement is too large to analyze (${error.message}): split it, or replace a long chain of operators by an IN list or a join.`,
      1,
      1,
      [],
      { cause: error },
    )
  }
}
