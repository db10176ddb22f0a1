// Async UDFs are taken out of the expressions that call them (as Spark's ExtractPythonUDFs takes Python UDFs out of
// projections and filters): an AsyncEvalUDF node below computes each call once per batch into a new column, and the
// expression reads that column instead. Calls nested in another async call's arguments get a node of their own
// below it, innermost first.
import { canonicalKey } from '../expr/canonical.js'
import { type Attribute, attribute, collect, type Expr, exists, type Fn, transformDown } from '../expr/expression.js'
import { lookupUserFunction } from '../expr/user-functions.js'
import type { PhysicalPlan } from './physical-plan.js'

const isAsyncCall = (e: Expr): e is Fn => e.kind === 'Fn' && lookupUserFunction(e.name)?.async === true

/** Builds an AsyncEvalUDF node (the planner's node factory). */
export type AsyncEvalFactory = (
  child: PhysicalPlan,
  calls: readonly Fn[],
  results: readonly Attribute[],
) => PhysicalPlan

/** `exprs` with their async UDF calls replaced by columns that AsyncEvalUDF nodes over `child` compute. */
export function extractAsyncUdfs<E extends Expr>(
  exprs: readonly E[],
  child: PhysicalPlan,
  evalNode: AsyncEvalFactory,
): { exprs: E[]; child: PhysicalPlan } {
  let current = [...exprs]
  let plan = child
  let counter = 0
  for (;;) {
    const ready = new Map<string, Fn>()
    for (const e of current) {
      for (const call of collect(e, isAsyncCall)) {
        if (!call.args.some((a) => exists(a, isAsyncCall))) ready.set(canonicalKey(call), call)
      }
    }
    if (ready.size === 0) return { exprs: current, child: plan }
    const calls = [...ready.values()]
    const results = calls.map((c) => attribute(`asyncUDF${counter++}`, c.dataType, true))
    const byKey = new Map([...ready.keys()].map((key, i) => [key, results[i]!] as const))
    plan = evalNode(plan, calls, results)
    current = current.map(
      (e) => transformDown(e, (n) => (isAsyncCall(n) ? byKey.get(canonicalKey(n)) : undefined)) as E,
    )
  }
}
