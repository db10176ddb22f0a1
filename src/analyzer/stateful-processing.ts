// Builds the analyzed plans of the per-key stateful operators (transformWithState, flatMapGroupsWithState,
// mapGroupsWithState): grouping keys resolved to columns (an expression key becomes a column of a projection below),
// the modes checked with Spark's errors.
import { AnalysisException, IllegalArgumentException } from '../common/errors.js'
import { type Alias, type Attribute, alias, type Expr, toAttribute } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { type LogicalPlan, project } from '../logical/plan.js'
import { sameType, simpleString } from '../types/data-types.js'
import { resolveExpr } from './resolve-expr.js'

/** A plan whose grouping keys are columns, and the columns user code sees (the plan's own). */
export interface KeyedChild {
  readonly plan: LogicalPlan
  readonly groupingAttributes: readonly Attribute[]
  readonly dataAttributes: readonly Attribute[]
}

export function keyedChild(plan: LogicalPlan, groupingExprs: readonly Expr[]): KeyedChild {
  const added: Alias[] = []
  const groupingAttributes = groupingExprs.map((e) => {
    const resolved = resolveExpr(e, plan.output)
    const inner = resolved.kind === 'Alias' ? resolved.child : resolved
    if (inner.kind === 'Attribute' && plan.output.some((a) => a.id === inner.id)) return inner
    const column = alias(inner, resolved.kind === 'Alias' ? resolved.name : sqlText(inner))
    added.push(column)
    return toAttribute(column)
  })
  return {
    plan: added.length === 0 ? plan : project(plan, [...plan.output, ...added]),
    groupingAttributes,
    dataAttributes: plan.output,
  }
}

/** The operator's own output mode: append or update (case-insensitive). */
export function operatorOutputMode(mode: string, operation: string): 'append' | 'update' {
  const lower = mode.toLowerCase()
  if (lower === 'append' || lower === 'update') return lower
  if (lower === 'complete') {
    throw new AnalysisException(
      `Invalid streaming output mode: ${mode}. This output mode is not supported for ${operation} on streaming DataFrames/DataSets.`,
      { errorClass: 'STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION' },
    )
  }
  throw new IllegalArgumentException(
    `Invalid streaming output mode: ${mode}. Accepted output modes are 'Append', 'Complete', 'Update'.`,
    { errorClass: 'STREAMING_OUTPUT_MODE.INVALID' },
  )
}

/** The initial state must be static and keyed like the input (count and types of the keys). */
export function checkInitialState(
  initial: KeyedChild,
  groupingAttributes: readonly Attribute[],
  operation: string,
): void {
  if (initial.plan.isStreaming) {
    throw new AnalysisException(
      `Non-streaming DataFrame/Dataset is not supported as the initial state in ${operation} operation on a streaming DataFrame/Dataset`,
      { errorClass: '_LEGACY_ERROR_TEMP_3102' },
    )
  }
  const types = (attrs: readonly Attribute[]) => attrs.map((a) => simpleString(a.dataType)).join(', ')
  const same =
    initial.groupingAttributes.length === groupingAttributes.length &&
    initial.groupingAttributes.every((a, i) => sameType(a.dataType, groupingAttributes[i]!.dataType, true))
  if (!same) {
    throw new AnalysisException(
      `The initial state of ${operation} must be grouped by keys of the input's types: (${types(groupingAttributes)}), but it is grouped by (${types(initial.groupingAttributes)})`,
    )
  }
}
