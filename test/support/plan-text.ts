// Golden plan text for the optimizer's rule tests: plans built on a fresh session, printed as Spark's tree text with
// expression ids shown as `#x` (ids depend on what was built before, as in Spark's golden files).
import type { DataFrame } from '../../src/index.js'
import { treeString } from '../../src/logical/plan-spec.js'
import { optimize } from '../../src/optimizer/optimize.js'
import { newSession } from './session.js'

const normalized = (text: string) => text.replace(/#\d+/g, '#x')

/** The analyzed plan the optimizer starts from. */
export const analyzedPlan = (df: DataFrame): string => normalized(treeString(df.plan))

/** The plan after every optimizer rule and column pruning. */
export const optimizedPlan = (df: DataFrame): string => normalized(treeString(optimize(df.plan)))

/** Plan lines joined as treeString prints them. */
export const tree = (...lines: string[]): string => lines.join('\n')

/** A one-row relation `t(a INT, b INT, s STRING)` on a fresh session. */
export function relation(): DataFrame {
  return newSession().createDataFrame([{ a: 1, b: 2, s: 'x' }], 'a INT, b INT, s STRING')
}
