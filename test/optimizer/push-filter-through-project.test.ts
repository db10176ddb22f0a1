// push_filter_through_project: Filter(Project(x)) becomes Project(Filter(x)), the condition rewritten over x, when
// the projection computes only row-wise, deterministic expressions.
import { describe, expect, it } from 'vitest'
import { col, window } from '../../src/index.js'
import { analyzedPlan, optimizedPlan, relation, tree } from '../support/plan-text.js'
import { newSession } from '../support/session.js'

describe('push_filter_through_project', () => {
  it('filters before projecting, with the alias replaced by the expression it names', () => {
    const df = relation().select(col('a'), col('b').plus(1).alias('c')).filter(col('c').gt(5))
    expect(analyzedPlan(df)).toBe(
      tree('Filter (c#x > 5)', '+- Project [a#x, (b#x + 1) AS c#x]', '   +- LocalRelation [a#x, b#x, s#x]'),
    )
    // Column pruning then keeps a and b below the filter: the projection reads a and b, the filter b.
    expect(optimizedPlan(df)).toBe(
      tree('Project [a#x, (b#x + 1) AS c#x]', '+- Filter ((b#x + 1) > 5)', '   +- LocalRelation [a#x, b#x]'),
    )
  })

  it('moves a filter below a projection that assigns time windows when it does not read the window', () => {
    const events = newSession().createDataFrame([{ ts: 0, n: 1 }], 'ts TIMESTAMP, n INT')
    const df = events.select(window(col('ts'), '10 seconds').alias('w'), col('n')).filter(col('n').gt(0))
    expect(optimizedPlan(df)).toBe(
      tree('Project [window AS w#x, n#x]', '+- Filter (n#x > 0)', '   +- LocalRelation [ts#x, n#x]'),
    )
  })

  it('leaves a filter on the window above the projection that assigns it (not a row-wise computation)', () => {
    const events = newSession().createDataFrame([{ ts: 0, n: 1 }], 'ts TIMESTAMP, n INT')
    const df = events.select(window(col('ts'), '10 seconds').alias('w'), col('n')).filter(col('w.end').isNotNull())
    expect(optimizedPlan(df)).toBe(
      tree(
        'Filter (w#x.end AS end#x IS NOT NULL)',
        '+- Project [window AS w#x, n#x]',
        '   +- LocalRelation [ts#x, n#x]',
      ),
    )
  })
})
