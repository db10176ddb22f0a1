// EXPLAIN text in Spark's layout, rendered from plan objects so `df.explain()` and SQL EXPLAIN print the same.
import { AnalysisException, IllegalArgumentException, messageOf } from '../common/errors.js'
import type { LogicalPlan } from '../logical/plan.js'
import { treeString } from '../logical/plan-spec.js'
import { optimize } from '../optimizer/optimize.js'
import { simpleString } from '../types/data-types.js'
import type { SqlSession } from './bind-context.js'

export type ExplainMode = 'simple' | 'extended'

/** The modes PySpark's `explain(mode=…)` names; only `simple` and `extended` are supported so far. */
export type SparkExplainMode = ExplainMode | 'codegen' | 'cost' | 'formatted'

/** What a failing stage prints in its place (Spark prints the AnalysisException there too): EXPLAIN never fails. */
function orError(render: () => string): string {
  try {
    return render()
  } catch (error) {
    if (error instanceof Error && !(error instanceof RangeError)) return `${error.name}: ${messageOf(error)}`
    throw error
  }
}

/**
 * Spark's `QueryExecution.explainString`. `simple` is the physical plan alone; `extended` adds the logical plans.
 * Rivulet binds SQL and DataFrame calls straight to analyzed plans, so the parsed section shows the analyzed tree
 * (without Spark's unresolved `'` markers); the analyzed section starts with the output schema, as in Spark.
 */
export function explainString(
  plan: LogicalPlan,
  mode: ExplainMode,
  session: Pick<SqlSession, 'physicalPlanText'>,
): string {
  const optimized = orError(() => treeString(optimize(plan)))
  const physical = orError(() => session.physicalPlanText(optimize(plan)))
  if (mode === 'simple') return `== Physical Plan ==\n${physical}\n`
  const schema = plan.output.map((a) => `${a.name}: ${simpleString(a.dataType)}`).join(', ')
  const analyzed = orError(() => treeString(plan))
  return [
    `== Parsed Logical Plan ==\n${analyzed}`,
    `== Analyzed Logical Plan ==\n${schema}\n${analyzed}`,
    `== Optimized Logical Plan ==\n${optimized}`,
    `== Physical Plan ==\n${physical}\n`,
  ].join('\n\n')
}

const sparkModes = ['simple', 'extended', 'codegen', 'cost', 'formatted']

/** The mode `explain(extended)` / `explain('extended')` asks for; Spark's other modes are not supported yet. */
export function explainMode(arg: boolean | SparkExplainMode | undefined): ExplainMode {
  const mode = typeof arg === 'string' ? arg.toLowerCase() : arg ? 'extended' : 'simple'
  if (mode === 'simple' || mode === 'extended') return mode
  if (!sparkModes.includes(mode)) {
    throw new IllegalArgumentException(
      `Unknown explain mode: ${String(arg)}. Accepted explain modes are 'simple', 'extended', 'codegen', 'cost', 'formatted'.`,
    )
  }
  throw new AnalysisException(`EXPLAIN ${mode.toUpperCase()} is not supported yet.`)
}
