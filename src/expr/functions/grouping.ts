// grouping(col) and grouping_id(cols...): markers the grouping-analytics rewrite replaces by bits of the grouping id;
// anywhere else they are Spark's UNSUPPORTED_GROUPING_EXPRESSION.
import { AnalysisException } from '../../common/errors.js'
import { BYTE, type DataType, LONG } from '../../types/data-types.js'
import type { Expr } from '../expression.js'
import type { ScalarFunction } from './spec.js'

/** Spark's error for grouping()/grouping_id() outside GROUP BY GROUPING SETS / CUBE / ROLLUP. */
export const unsupportedGroupingExpression = () =>
  new AnalysisException('grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup.', {
    errorClass: 'UNSUPPORTED_GROUPING_EXPRESSION',
  })

const marker = (arity: readonly [number, number], dataType: DataType): ScalarFunction => ({
  kind: 'scalar',
  arity,
  resolve: (args) => ({ args, dataType, nullable: false }),
  kernel: () => {
    throw unsupportedGroupingExpression()
  },
})

export const groupingFunctions: Readonly<Record<string, ScalarFunction>> = {
  grouping: marker([1, 1], BYTE),
  grouping_id: marker([0, Number.POSITIVE_INFINITY], LONG),
}

/** Whether `name` (a resolved Fn's name) is grouping or grouping_id. */
export const isGroupingFunction = (name: string): boolean => name === 'grouping' || name === 'grouping_id'

/** Whether an expression node is a call of grouping() or grouping_id(). */
export const isGroupingCall = (e: Expr): boolean => e.kind === 'Fn' && isGroupingFunction(e.name)
