// The analyzer's builders for stateful plans (aggregate, sort, deduplicate, window assignment) that SQL binds to.
export {
  buildAggregate,
  buildDeduplicate,
  buildSort,
  buildWindowAssign,
} from '../analyzer/aggregate-builder.js'
export { buildGroupingSets, crossSets, cubeSets, rollupSets } from '../analyzer/grouping-analytics.js'
