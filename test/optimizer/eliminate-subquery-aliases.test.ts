// eliminate_subquery_aliases: a SubqueryAlias only qualifies names for the analyzer; the optimizer removes it first,
// so the other rules see through it.
import { describe, expect, it } from 'vitest'
import { col } from '../../src/index.js'
import { analyzedPlan, optimizedPlan, relation, tree } from '../support/plan-text.js'

describe('eliminate_subquery_aliases', () => {
  it('removes the alias node; the qualified column stays the same attribute', () => {
    const df = relation().alias('t').select(col('t.a'))
    expect(analyzedPlan(df)).toBe(tree('Project [a#x]', '+- SubqueryAlias t', '   +- LocalRelation [a#x, b#x, s#x]'))
    expect(optimizedPlan(df)).toBe(tree('Project [a#x]', '+- LocalRelation [a#x, b#x, s#x]'))
  })

  it('lets a filter above the alias move below the projection under it', () => {
    const df = relation().select(col('b').plus(1).alias('c')).alias('t').filter(col('t.c').gt(5))
    expect(analyzedPlan(df)).toBe(
      tree(
        'Filter (c#x > 5)',
        '+- SubqueryAlias t',
        '   +- Project [(b#x + 1) AS c#x]',
        '      +- LocalRelation [a#x, b#x, s#x]',
      ),
    )
    expect(optimizedPlan(df)).toBe(
      tree('Project [(b#x + 1) AS c#x]', '+- Filter ((b#x + 1) > 5)', '   +- LocalRelation [b#x]'),
    )
  })
})
