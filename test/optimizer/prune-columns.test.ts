// prune_columns: below each operator only the columns something above still reads — a local relation narrows
// itself, anything else gets a narrowing projection; a union keeps the same positions in every input.
import { describe, expect, it } from 'vitest'
import { col, MemoryStream } from '../../src/index.js'
import { analyzedPlan, optimizedPlan, relation, tree } from '../support/plan-text.js'
import { newSession } from '../support/session.js'

describe('prune_columns', () => {
  it('keeps below a filter what the filter and the operators above it read', () => {
    const df = relation().filter(col('a').gt(1)).select('b')
    expect(analyzedPlan(df)).toBe(tree('Project [b#x]', '+- Filter (a#x > 1)', '   +- LocalRelation [a#x, b#x, s#x]'))
    expect(optimizedPlan(df)).toBe(tree('Project [b#x]', '+- Filter (a#x > 1)', '   +- LocalRelation [a#x, b#x]'))
  })

  it('keeps below an aggregation only the columns its keys and aggregates read', () => {
    const df = relation().groupBy('a').count()
    expect(analyzedPlan(df)).toBe(
      tree('Aggregate [a#x], [a#x, count(1) AS count#xL]', '+- LocalRelation [a#x, b#x, s#x]'),
    )
    expect(optimizedPlan(df)).toBe(tree('Aggregate [a#x], [a#x, count(1) AS count#xL]', '+- LocalRelation [a#x]'))
  })

  it('prunes a union by position in every input', () => {
    const t = relation()
    const df = t.select('a', 'b').union(t.select('b', 'a')).select('a')
    expect(analyzedPlan(df)).toBe(
      tree(
        'Project [a#x]',
        '+- Union false, false',
        '   :- Project [a#x, b#x]',
        '   :  +- LocalRelation [a#x, b#x, s#x]',
        '   +- Project [b#x, a#x]',
        '      +- LocalRelation [a#x, b#x, s#x]',
      ),
    )
    // The first column of each input stays; the projection on top then only repeats the union's output.
    expect(optimizedPlan(df)).toBe(
      tree(
        'Union false, false',
        ':- Project [a#x]',
        ':  +- LocalRelation [a#x, b#x, s#x]',
        '+- Project [b#x]',
        '   +- LocalRelation [a#x, b#x, s#x]',
      ),
    )
  })

  it('narrows a streaming source with a projection, since the source itself cannot drop columns', () => {
    const spark = newSession()
    const df = new MemoryStream(spark, 'a INT, b INT, s STRING').toDF().filter(col('a').gt(1)).select('b')
    expect(optimizedPlan(df)).toBe(
      tree(
        'Project [b#x]',
        '+- Filter (a#x > 1)',
        '   +- Project [a#x, b#x]',
        '      +- StreamingRelation memory, [a#x, b#x, s#x]',
      ),
    )
  })
})
