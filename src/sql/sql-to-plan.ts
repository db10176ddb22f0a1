// The SQL entry point: text → statement (ParseException on bad syntax) → the plan `spark.sql` returns.
import { parseSql } from '../../grammar/index.js'
import { parseOrThrow } from '../common/parse-errors.js'
import type { LogicalPlan } from '../logical/plan.js'
import { bindContext, type SqlSession } from './bind-context.js'
import { bindStatement } from './statements.js'

/** Parses and binds one statement; commands (CREATE VIEW) take effect. */
export function sqlToPlan(session: SqlSession, text: string): LogicalPlan {
  const statement = parseOrThrow(() => parseSql(text))
  return bindStatement(statement, bindContext(session, text))
}
