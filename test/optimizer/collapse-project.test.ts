// collapse_project: Project(Project(x)) becomes one Project over x when no computed column of the inner projection
// is used more than once above (nothing is computed twice) and both are row-wise.
import { describe, expect, it } from 'vitest'
import { col } from '../../src/index.js'
import { analyzedPlan, optimizedPlan, relation, tree } from '../support/plan-text.js'

describe('collapse_project', () => {
  it('substitutes the inner expression into the outer one', () => {
    const df = relation().select(col('a'), col('b').plus(1).alias('c')).select(col('c').multiply(2).alias('d'))
    expect(analyzedPlan(df)).toBe(
      tree('Project [(c#x * 2) AS d#x]', '+- Project [a#x, (b#x + 1) AS c#x]', '   +- LocalRelation [a#x, b#x, s#x]'),
    )
    expect(optimizedPlan(df)).toBe(tree('Project [((b#x + 1) * 2) AS d#x]', '+- LocalRelation [a#x, b#x, s#x]'))
  })

  it('keeps a pass-through of an inner alias under its outer name', () => {
    const df = relation().select(col('b').plus(1).alias('c')).select(col('c'))
    expect(optimizedPlan(df)).toBe(tree('Project [(b#x + 1) AS c#x]', '+- LocalRelation [a#x, b#x, s#x]'))
  })

  it('keeps both projections when a computed column is read twice above', () => {
    const df = relation()
      .select(col('b').plus(1).alias('c'))
      .select(col('c').multiply(col('c')).alias('d'))
    expect(optimizedPlan(df)).toBe(
      tree('Project [(c#x * c#x) AS d#x]', '+- Project [(b#x + 1) AS c#x]', '   +- LocalRelation [a#x, b#x, s#x]'),
    )
  })
})
