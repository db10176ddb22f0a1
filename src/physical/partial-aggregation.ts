// Partial aggregation in the stages that run on worker threads, as Spark plans every aggregation:
//
//   StateStoreSave [k], [count(1)]                    StateStoreSave [k'], [merge_count(1)]
//   +- Exchange hashpartitioning(k, n)        ──►     +- Exchange hashpartitioning(k', n)
//      +- child                                          +- HashAggregate(keys=[k], functions=[partial_count(1)])
//                                                           +- child
//
// Each worker folds its share of an epoch's rows per key into aggregation buffers before the exchange, so a key's
// rows cross threads as one buffer row per worker and epoch; the stateful aggregate merges the buffers. The keys k'
// are the key columns the partial aggregate emits: the same values, so the same hash and the same partition. On one
// thread the exchange moves nothing and the partial pass would only add work, so the single-thread plan keeps none.
import { attribute, dataTypeOf } from '../expr/expression.js'
import { type AggregateSpec, placingKeyCount } from '../operators/aggregate-exec.js'
import { accumulatorFor } from '../operators/distinct-accumulator.js'
import { holdsNumbers } from '../operators/distinct-numbers.js'
import { isWindowType } from '../types/window-type.js'
import type { AggregateNode, ExchangeNode, PartialAggregateNode, PhysicalPlan } from './physical-plan.js'
import { physicalChildren, withPhysicalChildren } from './physical-specs.js'

/**
 * Whether every call keeps a buffer that merges (DISTINCT calls keep the values seen, not a buffer) and the partial
 * step pays. A buffer of strings or structs (max(struct(dateTime, price, url, ...))) is copied into the partial
 * step's slots and out again, as the state store then copies it once more: on Nexmark q18 (3 rows per group and
 * batch) that cost the workers ~15% more CPU than the rows it kept off the exchange saved, so keyed aggregations with
 * such buffers keep no partial step. Grouped by time windows alone (or not grouped), a batch has one group per window
 * its event times span, so the partial step turns all its rows into a handful: on Nexmark q7 (max(struct(price, ...,
 * extra)) per 10 s window) without it every row and its `extra` string crossed the exchange to the one worker owning
 * the batch's window, while the other waited. (min and max only: other value buffers keep no partial step.)
 */
const mergeable = (spec: AggregateSpec) => {
  const fewGroups = spec.keys.every((k) => isWindowType(dataTypeOf(k)))
  return (
    spec.mergesPartials !== true &&
    spec.calls.every((c) => {
      const types = c.distinct || !MERGES_EXACTLY(c.name) ? [] : accumulatorFor(c).stateTypes
      return types.length > 0 && (types.every(holdsNumbers) || (fewGroups && KEEPS_ONE_VALUE(c.name)))
    })
  )
}

/** min and max keep one value of the input (a string, a struct) as their buffer, which merges as it is compared. */
const KEEPS_ONE_VALUE = (name: string) => name === 'max' || name === 'min'

/**
 * try_sum's BIGINT buffer wraps as it is saved, so a worker's partial sum past 2^63 would merge into an in-range
 * total, where one thread gives NULL: it keeps no partial step.
 */
const MERGES_EXACTLY = (name: string) => name !== 'try_sum'

/** The plan with a partial aggregate below the exchange of each aggregation whose calls merge. */
export function withPartialAggregates(root: PhysicalPlan): PhysicalPlan {
  let partials = 0
  const rewrite = (node: PhysicalPlan): PhysicalPlan => {
    const children = physicalChildren(node)
    const done = children.length === 0 ? node : withPhysicalChildren(node, children.map(rewrite))
    if (done.kind !== 'StateStoreSave' || done.child.kind !== 'Exchange' || !mergeable(done.spec)) return done
    const { spec } = done
    const exchange: ExchangeNode = done.child
    const keys = spec.output.slice(0, spec.keys.length)
    const buffers = spec.calls.flatMap((call, k) =>
      accumulatorFor(call).stateTypes.map((type, j) => attribute(`agg${k}_${j}`, type, true)),
    )
    const output = [...keys, ...buffers]
    const partial: PartialAggregateNode = Object.freeze({
      kind: 'PartialAggregate',
      id: `PartialAggregate-${partials++}`,
      keys: spec.keys,
      calls: spec.calls,
      child: exchange.child,
      output,
    })
    // Placed by the same keys as before, now the partial aggregate's columns.
    const placedBy = keys.slice(0, placingKeyCount(spec))
    const shuffle: ExchangeNode = Object.freeze({ ...exchange, keys: placedBy, child: partial, output })
    const merge: AggregateNode = Object.freeze({
      ...done,
      child: shuffle,
      spec: { ...spec, keys, input: output, mergesPartials: true },
    })
    return merge
  }
  return rewrite(root)
}
