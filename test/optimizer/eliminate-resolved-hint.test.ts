// eliminate_resolved_hint: a strategy hint on a join input becomes the join's hint for that side; the physical
// join then builds the hinted side.
import { describe, expect, it } from 'vitest'
import { broadcast, col } from '../../src/index.js'
import { analyzedPlan, optimizedPlan, tree } from '../support/plan-text.js'
import { newSession } from '../support/session.js'

describe('eliminate_resolved_hint', () => {
  it('moves broadcast(df) into the join as its right hint, through a filter', () => {
    const spark = newSession()
    const l = spark.createDataFrame([{ k: 1 }], 'k INT')
    const r = spark.createDataFrame([{ k: 1, v: 2 }], 'k INT, v INT')
    const df = l.join(broadcast(r).where(col('v').gt(0)), 'k')
    expect(analyzedPlan(df)).toBe(
      tree(
        'Project [k#x, v#x]',
        '+- Join Inner, (k#x = k#x)',
        '   :- LocalRelation [k#x]',
        '   +- Filter (v#x > 0)',
        '      +- ResolvedHint (strategy=broadcast)',
        '         +- LocalRelation [k#x, v#x]',
      ),
    )
    expect(optimizedPlan(df)).toBe(
      tree(
        'Project [k#x, v#x]',
        '+- Join Inner, (k#x = k#x), rightHint=(strategy=broadcast)',
        '   :- LocalRelation [k#x]',
        '   +- Filter (v#x > 0)',
        '      +- LocalRelation [k#x, v#x]',
      ),
    )
  })

  it('drops a hint no join reads', () => {
    const df = newSession()
      .createDataFrame([{ k: 1 }], 'k INT')
      .hint('merge')
      .select('k')
    expect(optimizedPlan(df)).toBe(tree('LocalRelation [k#x]'))
  })
})
