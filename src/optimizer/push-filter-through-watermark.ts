// push_filter_through_watermark (Spark's PushPredicateThroughNonJoin for EventTimeWatermark): conjuncts that do not
// read the event-time column move below the watermark node, so the rows they drop never count towards the
// watermark — as in Spark, where a stream's watermark is the max event time of the rows that pass such filters.
import { isDeterministic } from '../expr/canonical.js'
import { conjunction, splitConjuncts } from '../logical/join-conditions.js'
import { eventTimeWatermark, filter, type LogicalPlan } from '../logical/plan.js'
import { referencedIds } from './references.js'

export function pushFilterThroughWatermark(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'Filter' || plan.child.kind !== 'EventTimeWatermark') return plan
  const watermark = plan.child
  const conjuncts = splitConjuncts(plan.condition)
  const movable = (c: (typeof conjuncts)[number]) =>
    isDeterministic(c) && !referencedIds([c]).has(watermark.eventTime.id)
  const below = conjunction(conjuncts.filter(movable))
  if (below === undefined) return plan
  const pushed = eventTimeWatermark(filter(watermark.child, below), watermark.eventTime, watermark.delayMs)
  const above = conjunction(conjuncts.filter((c) => !movable(c)))
  return above ? filter(pushed, above) : pushed
}
