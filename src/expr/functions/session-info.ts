// Session and assertion functions: current_database / current_schema ('default'), current_catalog
// ('spark_catalog'), current_user / user / session_user (the OS user running Rivulet), assert_true and raise_error.
import { userInfo } from 'node:os'
import { bitAt, nullColumn, validityOf } from '../../arrow/index.js'
import { SparkRuntimeException } from '../../common/errors.js'
import { BOOLEAN, NULL, STRING } from '../../types/data-types.js'
import { sqlText } from '../sql-text.js'
import { coerceArgs } from './coercion.js'
import { stringsOfVec, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { materialize, Scalar } from './vector.js'

const constant = (value: string): ScalarFunction =>
  typed([], STRING, () => new Scalar(value, STRING), { nullable: () => false })

/** The user name, as Spark reports SPARK_USER or the OS user. */
function currentUser(): string {
  if (process.env.SPARK_USER) return process.env.SPARK_USER
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

/** Spark's USER_RAISED_EXCEPTION, which raise_error and assert_true throw. */
function userRaised(message: string): SparkRuntimeException {
  return new SparkRuntimeException(message, { errorClass: 'USER_RAISED_EXCEPTION' })
}

/** raise_error(message): fails the query with the message (a VOID-typed NULL when there are no rows). */
const raiseError: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve: (args, name) => ({ args: coerceArgs(name, args, ['string']), dataType: NULL, nullable: true }),
  kernel(args, ctx) {
    if (ctx.length > 0) throw userRaised(stringsOfVec(args[0]!, 1)[0] ?? 'null')
    return nullColumn(NULL, 0)
  },
}

/** assert_true(condition[, message]): NULL when the condition holds; otherwise the query fails. */
const assertTrue: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  resolve(args, name) {
    const [condition] = coerceArgs(name, [args[0]!], [BOOLEAN])
    return { args: [condition!, ...coerceArgs(name, args.slice(1), ['string'])], dataType: NULL, nullable: true }
  },
  kernel(args, ctx, call) {
    const condition = materialize(args[0]!, ctx.length)
    const valid = validityOf(condition)
    const messages = args[1] ? stringsOfVec(args[1], ctx.length) : null
    for (let i = 0; i < ctx.length; i++) {
      const holds = (valid === null || bitAt(valid, i)) && bitAt(condition.values as Uint8Array, i)
      if (!holds) throw userRaised(messages?.[i] ?? `'${sqlText(call.args[0]!)}' is not true!`)
    }
    return nullColumn(NULL, ctx.length)
  },
}

export const sessionInfoFunctions = {
  current_database: constant('default'),
  current_schema: constant('default'),
  current_catalog: constant('spark_catalog'),
  current_user: constant(currentUser()),
  user: constant(currentUser()),
  session_user: constant(currentUser()),
  raise_error: raiseError,
  assert_true: assertTrue,
} satisfies Record<string, ScalarFunction>
