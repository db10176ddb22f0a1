// Which sliding-window aggregations can run on panes (see operators/window-slices.ts): the window column comes
// straight from window_expand (through projections and filters that do not touch it), the size is a multiple of
// the slide, and every aggregate can be merged (no DISTINCT). The Generate then becomes a projection that puts
// each row in its one pane.
import { type Agg, collect, type Expr, exists, fn } from '../expr/expression.js'
import type { Aggregate, Generate, LogicalPlan } from '../logical/plan.js'
import type { WindowSlicing } from '../operators/window-slices.js'
import { BOOLEAN } from '../types/data-types.js'
import { WINDOW_TYPE } from '../types/window-type.js'

export interface SlicedWindow {
  readonly generate: Generate
  readonly slicing: WindowSlicing
}

const references = (e: Expr, id: number) => exists(e, (n) => n.kind === 'Attribute' && n.id === id)

/** The Generate producing this aggregation's window, when the aggregation can run on panes. */
export function slicedWindow(node: Aggregate): SlicedWindow | undefined {
  const calls = node.aggregateExprs.flatMap((e) => collect(e, (n): n is Agg => n.kind === 'Agg'))
  if (calls.some((c) => c.distinct) || node.groupingExprs.some((k) => k.kind === 'SessionWindow')) return undefined
  for (let keyIndex = 0; keyIndex < node.groupingExprs.length; keyIndex++) {
    const key = node.groupingExprs[keyIndex]!
    if (key.kind !== 'Attribute') continue
    const generate = windowSource(node.child, key.id)
    if (!generate) continue
    const [size, slide] = [1, 2].map((k) => Number((generate.generator.args[k] as { value: unknown }).value)) as [
      number,
      number,
    ]
    if (size > slide && size % slide === 0) return { generate, slicing: { size, slide, keyIndex } }
  }
  return undefined
}

/** Walks down to the window_expand that makes attribute `id`, through nodes that only pass it along. */
function windowSource(plan: LogicalPlan, id: number): Generate | undefined {
  switch (plan.kind) {
    case 'Project':
      if (plan.projectList.some((e) => e.kind !== 'Attribute' && references(e, id))) return undefined
      return windowSource(plan.child, id)
    case 'Filter':
      return references(plan.condition, id) ? undefined : windowSource(plan.child, id)
    case 'Generate':
      return plan.generator.name === 'window_expand' && plan.generatorOutput.some((a) => a.id === id) ? plan : undefined
    default:
      return undefined
  }
}

/** The pane expression replacing the Generate's window: a tumbling window of the slide. */
export function paneOf(generate: Generate): { pane: Expr; notNull: Expr } {
  const [time, , slide, offset] = generate.generator.args as [Expr, Expr, Expr, Expr]
  const slideMicros = Number((slide as { value: unknown }).value)
  const pane: Expr = {
    kind: 'TimeWindow',
    timeColumn: time,
    windowMicros: slideMicros,
    slideMicros,
    startMicros: Number((offset as { value: unknown }).value),
    dataType: WINDOW_TYPE,
  }
  return { pane, notNull: fn('is_not_null', [time], BOOLEAN, false) }
}
