// combine_filters: Filter(a, Filter(b, x)) becomes one Filter(b AND a, x) — the inner condition first.
import { describe, expect, it } from 'vitest'
import { col } from '../../src/index.js'
import { analyzedPlan, optimizedPlan, relation, tree } from '../support/plan-text.js'

describe('combine_filters', () => {
  it('merges two stacked filters into one, the inner condition first', () => {
    const df = relation().filter(col('a').gt(1)).filter(col('b').lt(5))
    expect(analyzedPlan(df)).toBe(
      tree('Filter (b#x < 5)', '+- Filter (a#x > 1)', '   +- LocalRelation [a#x, b#x, s#x]'),
    )
    expect(optimizedPlan(df)).toBe(tree('Filter ((a#x > 1) AND (b#x < 5))', '+- LocalRelation [a#x, b#x, s#x]'))
  })

  it('merges a chain of three, innermost first', () => {
    const df = relation().filter(col('a').gt(1)).filter(col('b').lt(5)).filter(col('s').isNotNull())
    expect(optimizedPlan(df)).toBe(
      tree('Filter (((a#x > 1) AND (b#x < 5)) AND (s#x IS NOT NULL))', '+- LocalRelation [a#x, b#x, s#x]'),
    )
  })
})
