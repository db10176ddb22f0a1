// push_filter_through_join: conjuncts reading one side move below the join onto that side, as far as the join type
// allows; conjuncts reading both sides of an inner join become its condition; columns are pruned on both sides.
import { describe, expect, it } from 'vitest'
import { col, type DataFrame } from '../../src/index.js'
import { optimizedPlan, tree } from '../support/plan-text.js'
import { newSession } from '../support/session.js'

/** `l(k INT, x INT)` and `r(k INT, y INT)`, one row each. */
function sides(): [DataFrame, DataFrame] {
  const spark = newSession()
  return [
    spark.createDataFrame([{ k: 1, x: 2 }], 'k INT, x INT').alias('l'),
    spark.createDataFrame([{ k: 1, y: 3 }], 'k INT, y INT').alias('r'),
  ]
}

describe('push_filter_through_join', () => {
  it('inner join: each side its filter, the conjunct reading both sides into the join condition', () => {
    const [l, r] = sides()
    const df = l
      .crossJoin(r)
      .where(col('l.k').eq(col('r.k')).and(col('x').gt(1)).and(col('y').lt(5)))
      .select('x', 'y')
    expect(optimizedPlan(df)).toBe(
      tree(
        'Project [x#x, y#x]',
        '+- Join Cross, (k#x = k#x)',
        '   :- Filter (x#x > 1)',
        '   :  +- LocalRelation [k#x, x#x]',
        '   +- Filter (y#x < 5)',
        '      +- LocalRelation [k#x, y#x]',
      ),
    )
  })

  it('left outer join: a filter above moves to the left side only; the right side gets the condition’s right conjuncts', () => {
    const [l, r] = sides()
    const df = l
      .join(r, col('l.k').eq(col('r.k')).and(col('y').gt(0)), 'left')
      .where(col('x').gt(1).and(col('y').isNull()))
    expect(optimizedPlan(df)).toBe(
      tree(
        'Filter (y#x IS NULL)',
        '+- Join LeftOuter, (k#x = k#x)',
        '   :- Filter (x#x > 1)',
        '   :  +- LocalRelation [k#x, x#x]',
        '   +- Filter (y#x > 0)',
        '      +- LocalRelation [k#x, y#x]',
      ),
    )
  })

  it('right outer join: the condition’s left conjuncts move left, a filter on the right side moves right', () => {
    const [l, r] = sides()
    const df = l.join(r, col('l.k').eq(col('r.k')).and(col('x').gt(0)), 'right').where(col('y').gt(1))
    expect(optimizedPlan(df)).toBe(
      tree(
        'Join RightOuter, (k#x = k#x)',
        ':- Filter (x#x > 0)',
        ':  +- LocalRelation [k#x, x#x]',
        '+- Filter (y#x > 1)',
        '   +- LocalRelation [k#x, y#x]',
      ),
    )
  })

  it('full outer join: nothing moves', () => {
    const [l, r] = sides()
    const df = l.join(r, col('l.k').eq(col('r.k')).and(col('x').gt(0)), 'full').where(col('y').gt(1))
    expect(optimizedPlan(df)).toBe(
      tree(
        'Filter (y#x > 1)',
        '+- Join FullOuter, ((k#x = k#x) AND (x#x > 0))',
        '   :- LocalRelation [k#x, x#x]',
        '   +- LocalRelation [k#x, y#x]',
      ),
    )
  })

  it('left semi and anti joins: columns of the right side are pruned to what the condition reads', () => {
    const [l, r] = sides()
    const df = l.join(r, col('l.k').eq(col('r.k')).and(col('y').gt(0)), 'left_anti')
    expect(optimizedPlan(df)).toBe(
      tree(
        'Join LeftAnti, (k#x = k#x)',
        ':- LocalRelation [k#x, x#x]',
        '+- Project [k#x]',
        '   +- Filter (y#x > 0)',
        '      +- LocalRelation [k#x, y#x]',
      ),
    )
  })
})
