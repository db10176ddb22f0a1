// INTERSECT and EXCEPT, DISTINCT or ALL, planned as Spark's RewriteIntersectAll / RewriteExceptAll plan them: both
// sides tagged and unioned, grouped on every column (NULLs equal, as set operations compare), counted per side,
// and each surviving group emitted once (DISTINCT) or as many times as the counts say (ALL, through explode).
import { AnalysisException } from '../common/errors.js'
import { alias, call, cast, literal } from '../expr/expression.js'
import { widerType } from '../expr/functions/coercion.js'
import type { LogicalPlan } from '../logical/plan.js'
import { BOOLEAN, INTEGER, LONG, sqlTypeName } from '../types/data-types.js'
import { buildAggregate } from './aggregate-builder.js'
import { buildFilter, buildProject, buildUnion } from './plan-builder.js'

export type SetOperator = 'intersect' | 'except'

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`

/** Spark's CheckAnalysis for set operations: as many columns on each side, of compatible types. */
function checkInputs(op: SetOperator, left: LogicalPlan, right: LogicalPlan): void {
  const name = op.toUpperCase()
  if (left.output.length !== right.output.length) {
    throw new AnalysisException(
      `${name} can only be performed on inputs with the same number of columns, but the first input has ${left.output.length} columns and the second input has ${right.output.length} columns.`,
      { errorClass: 'NUM_COLUMNS_MISMATCH' },
    )
  }
  right.output.forEach((b, i) => {
    const a = left.output[i]!
    if (widerType(a.dataType, b.dataType) === undefined) {
      throw new AnalysisException(
        `${name} can only be performed on inputs with compatible column types. The ${ordinal(i + 1)} column of the second input is "${sqlTypeName(b.dataType)}" type which is not compatible with "${sqlTypeName(a.dataType)}" at the same column of the first input.`,
        { errorClass: 'INCOMPATIBLE_COLUMN_TYPE' },
      )
    }
  })
}

/**
 * Spark's streaming rules (UnsupportedOperationChecker), checked when the plan is built: no INTERSECT with a
 * streaming side, no EXCEPT with a streaming right side. EXCEPT of a stream and a static table, which Spark runs as
 * an anti join, is not supported yet.
 */
function checkStreaming(op: SetOperator, left: LogicalPlan, right: LogicalPlan): void {
  const fail = (message: string) => new AnalysisException(message, { errorClass: '_LEGACY_ERROR_TEMP_3102' })
  if (op === 'intersect' && (left.isStreaming || right.isStreaming)) {
    throw fail('Intersect of streaming DataFrames/Datasets is not supported')
  }
  if (op === 'except' && right.isStreaming) {
    throw fail('Except on a streaming DataFrame/Dataset on the right is not supported')
  }
  if (op === 'except' && left.isStreaming) {
    throw new AnalysisException('EXCEPT of a streaming DataFrame and a static one is not supported yet.')
  }
}

/** `left INTERSECT|EXCEPT [ALL] right`, with the left side's column names. */
export function buildSetOperation(op: SetOperator, all: boolean, left: LogicalPlan, right: LogicalPlan): LogicalPlan {
  checkInputs(op, left, right)
  checkStreaming(op, left, right)
  const yes = literal(true, BOOLEAN)
  const no = literal(null, BOOLEAN)
  const tagged = buildUnion(
    buildProject(left, [...left.output, alias(yes, 'vcol1'), alias(no, 'vcol2')]),
    buildProject(right, [...right.output, alias(no, 'vcol1'), alias(yes, 'vcol2')]),
    false,
  )
  const columns = tagged.output.slice(0, left.output.length)
  const [leftTag, rightTag] = tagged.output.slice(left.output.length)
  const counted = buildAggregate(tagged, columns, [
    ...columns,
    alias(call('count', [leftTag!]), 'vcol1_count'),
    alias(call('count', [rightTag!]), 'vcol2_count'),
  ])
  const [leftCount, rightCount] = counted.output.slice(columns.length)
  const zero = literal(0, LONG)
  const kept = buildFilter(
    counted,
    op === 'intersect'
      ? call('and', [call('greater_than', [leftCount!, zero]), call('greater_than', [rightCount!, zero])])
      : all
        ? call('greater_than', [call('subtract', [leftCount!, rightCount!]), zero])
        : call('and', [call('greater_than', [leftCount!, zero]), call('equal_to', [rightCount!, zero])]),
  )
  const groups = kept.output.slice(0, columns.length)
  if (!all) return buildProject(kept, groups)
  // Each group's rows: min(left, right) of them for INTERSECT ALL, left - right for EXCEPT ALL.
  const copies =
    op === 'intersect' ? call('least', [leftCount!, rightCount!]) : call('subtract', [leftCount!, rightCount!])
  const repeated = call('explode', [call('array_repeat', [yes, cast(copies, INTEGER)])])
  const exploded = buildProject(kept, [...groups, alias(repeated, 'vcol')])
  return buildProject(exploded, exploded.output.slice(0, groups.length))
}
