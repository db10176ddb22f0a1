// constant_folding: casts and calls over literals of numeric or boolean types become the literal they evaluate to;
// AND/OR with a boolean literal simplify, and a filter whose condition is always true goes.
import { describe, expect, it } from 'vitest'
import { col, lit, upper } from '../../src/index.js'
import { analyzedPlan, optimizedPlan, relation, tree } from '../support/plan-text.js'

describe('constant_folding', () => {
  it('computes arithmetic over literals once, at planning', () => {
    const df = relation().select(lit(1).plus(lit(2)).alias('three'), col('a'))
    expect(analyzedPlan(df)).toBe(tree('Project [(1 + 2) AS three#x, a#x]', '+- LocalRelation [a#x, b#x, s#x]'))
    expect(optimizedPlan(df)).toBe(tree('Project [3 AS three#x, a#x]', '+- LocalRelation [a#x, b#x, s#x]'))
  })

  it('folds a cast of a literal (Spark: cast(123 as bigint) is 123)', () => {
    const df = relation().select(lit(123).cast('bigint').alias('n'))
    expect(analyzedPlan(df)).toBe(tree('Project [cast(123 as bigint) AS n#xL]', '+- LocalRelation [a#x, b#x, s#x]'))
    expect(optimizedPlan(df)).toBe(tree('Project [123 AS n#xL]', '+- LocalRelation [a#x, b#x, s#x]'))
  })

  it('drops x AND true to x, and a filter that is always true', () => {
    const simplified = relation().filter(col('a').gt(1).and(lit(true)))
    expect(analyzedPlan(simplified)).toBe(tree('Filter ((a#x > 1) AND true)', '+- LocalRelation [a#x, b#x, s#x]'))
    expect(optimizedPlan(simplified)).toBe(tree('Filter (a#x > 1)', '+- LocalRelation [a#x, b#x, s#x]'))

    const alwaysTrue = relation().filter(lit(1).lt(lit(2)))
    expect(analyzedPlan(alwaysTrue)).toBe(tree('Filter (1 < 2)', '+- LocalRelation [a#x, b#x, s#x]'))
    expect(optimizedPlan(alwaysTrue)).toBe('LocalRelation [a#x, b#x, s#x]')

    // x OR true is true whatever x is (NULL included), so this filter goes too.
    expect(optimizedPlan(relation().filter(col('a').gt(1).or(lit(true))))).toBe('LocalRelation [a#x, b#x, s#x]')
  })

  it('leaves strings alone (their values can depend on the session)', () => {
    const df = relation().select(upper(lit('x')).alias('u'))
    expect(optimizedPlan(df)).toBe(tree('Project [upper(x) AS u#x]', '+- LocalRelation [a#x, b#x, s#x]'))
  })
})
