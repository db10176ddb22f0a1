// remove_redundant_project: a Project that outputs exactly its child's columns, in order, does nothing and goes —
// both while the rules run (so column pruning sees through it) and after pruning.
import { describe, expect, it } from 'vitest'
import { analyzedPlan, optimizedPlan, relation, tree } from '../support/plan-text.js'

describe('remove_redundant_project', () => {
  it('removes a projection of every column in order', () => {
    const df = relation().select('a', 'b', 's')
    expect(analyzedPlan(df)).toBe(tree('Project [a#x, b#x, s#x]', '+- LocalRelation [a#x, b#x, s#x]'))
    expect(optimizedPlan(df)).toBe('LocalRelation [a#x, b#x, s#x]')
  })

  it('keeps a projection that reorders columns', () => {
    const df = relation().select('b', 'a', 's')
    expect(optimizedPlan(df)).toBe(tree('Project [b#x, a#x, s#x]', '+- LocalRelation [a#x, b#x, s#x]'))
  })

  it('removes it before pruning, so an aggregation narrows the relation itself', () => {
    const df = relation().select('a', 'b', 's').groupBy('a').count()
    expect(analyzedPlan(df)).toBe(
      tree(
        'Aggregate [a#x], [a#x, count(1) AS count#xL]',
        '+- Project [a#x, b#x, s#x]',
        '   +- LocalRelation [a#x, b#x, s#x]',
      ),
    )
    // Left in place, pruning would narrow the projection to [a#x] instead, over the full relation.
    expect(optimizedPlan(df)).toBe(tree('Aggregate [a#x], [a#x, count(1) AS count#xL]', '+- LocalRelation [a#x]'))
  })

  it('removes a projection that column pruning made redundant', () => {
    const df = relation().dropDuplicates(['a']).select('a')
    expect(analyzedPlan(df)).toBe(tree('Project [a#x]', '+- Deduplicate [a#x]', '   +- LocalRelation [a#x, b#x, s#x]'))
    // Pruning narrows the relation to [a#x]; the projection then repeats the deduplication's output.
    expect(optimizedPlan(df)).toBe(tree('Deduplicate [a#x]', '+- LocalRelation [a#x]'))
  })
})
