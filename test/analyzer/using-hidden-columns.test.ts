// The key copies a USING / NATURAL join drops stay reachable by qualified name (Spark's hidden output): expected
// schemas and rows follow Spark's using-join / natural-join golden and analyzer-results files and its rules
// (Analyzer.commonNaturalJoinProcessing, UnresolvedStar.expand, AddMetadataColumns).
import { describe, expect, it } from 'vitest'
import { AnalysisException, array, col, explode, lit } from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
spark.sql('CREATE OR REPLACE TEMPORARY VIEW nt1 AS VALUES ("one", 1), ("two", 2), ("three", 3) AS nt1(k, v1)')
spark.sql(
  'CREATE OR REPLACE TEMPORARY VIEW nt2 AS VALUES ("one", 1), ("two", 22), ("one", 5), ("four", 4) AS nt2(k, v2)',
)
const rows = (sql: string) => spark.sql(sql).collect()

describe('hidden USING keys in SQL', () => {
  it('never show in the output, `*`, or a plain name', () => {
    const df = spark.sql('SELECT * FROM nt1 full outer join nt2 using (k)')
    expect(df.columns).toEqual(['k', 'v1', 'v2'])
    expect(df.schema.fields.map((f) => f.metadata)).toEqual([{}, {}, {}])
    // `k` is the coalesced key, not ambiguous with the hidden copies.
    expect(rows('SELECT k FROM nt1 full outer join nt2 using (k) ORDER BY k').map((r) => r.k)).toEqual([
      'four',
      'one',
      'one',
      'three',
      'two',
    ])
  })

  it('resolve by qualifier, with the nulls of their side (left outer: nt2.k is NULL for unmatched rows)', () => {
    const df = spark.sql('SELECT nt2.k AS key FROM nt1 left outer join nt2 using (k) ORDER BY key')
    expect(df.columns).toEqual(['key'])
    expect(df.collect().map((r) => r.key)).toEqual([null, 'one', 'one', 'two'])
  })

  it('in WHERE are exposed below the filter and projected away again', () => {
    const df = spark.sql('SELECT * FROM nt1 full outer join nt2 using (k) WHERE nt2.k IS NULL')
    expect(df.columns).toEqual(['k', 'v1', 'v2'])
    expect(df.collect()).toEqual([{ k: 'three', v1: 3, v2: null }])
    const cte = spark.sql(
      "WITH t1 AS (SELECT key FROM VALUES ('a') t(key)), t2 AS (SELECT key FROM VALUES ('a') t(key)) " +
        "SELECT t1.key FROM t1 FULL OUTER JOIN t2 USING (key) WHERE t1.key NOT LIKE 'bb.%'",
    )
    expect(cte.collect()).toEqual([{ key: 'a' }])
  })

  it('group like any column once the select list reads them', () => {
    const grouped = rows('SELECT nt2.k, count(*) AS n FROM nt1 left outer join nt2 using (k) GROUP BY nt2.k')
    const byKey = Object.fromEntries(grouped.map((r) => [String(r.k), r.n]))
    expect(byKey).toEqual({ null: 1, one: 2, two: 1 })
  })

  it('in GROUP BY and ORDER BY alone (not in the select list) still resolve', () => {
    const counts = rows('SELECT count(*) AS n FROM nt1 left join nt2 using (k) GROUP BY nt2.k').map((r) => r.n)
    expect(counts.sort()).toEqual([1, 1, 2])
    const ordered = spark.sql('SELECT v1 FROM nt1 left join nt2 using (k) ORDER BY nt2.k, v1')
    expect(ordered.columns).toEqual(['v1'])
    expect(ordered.collect().map((r) => r.v1)).toEqual([3, 1, 1, 2])
  })

  it('`t.*` lists t’s hidden key first; a FROM subquery hides them for good', () => {
    expect(spark.sql('SELECT nt2.* FROM nt1 right outer join nt2 using (k)').columns).toEqual(['k', 'v2'])
    expect(spark.sql('SELECT nt1.* FROM nt1 right outer join nt2 using (k)').columns).toEqual(['k', 'v1'])
    expect(() => rows('SELECT nt2.k FROM (SELECT * FROM nt1 natural join nt2)')).toThrow(AnalysisException)
    expect(() => rows('SELECT nt2.k FROM (SELECT * FROM nt1 natural join nt2)')).toThrow('[UNRESOLVED_COLUMN')
  })

  it('pass through a LATERAL VIEW and a window, as Spark’s Generate and Window keep their input’s hidden output', () => {
    // nt1 LEFT JOIN nt2 USING (k): (one,1,1), (one,1,5), (two,2,22), (three,3,NULL); nt2.k is NULL for `three`.
    const exploded = rows('SELECT nt2.k, e FROM nt1 left join nt2 using (k) LATERAL VIEW explode(array(1, 2)) t AS e')
    expect(exploded.map((r) => `${r.k}:${r.e}`).sort()).toEqual(
      ['one:1', 'one:2', 'one:1', 'one:2', 'two:1', 'two:2', 'null:1', 'null:2'].sort(),
    )
    const counted = rows('SELECT v2, count(*) OVER (PARTITION BY nt2.k) AS c FROM nt1 left join nt2 using (k)')
    expect(counted.map((r) => `${r.v2}:${r.c}`).sort()).toEqual(['1:2', '5:2', '22:1', 'null:1'].sort())
  })

  it('semi joins have none: the right side is gone', () => {
    expect(() => rows('SELECT nt2.k FROM nt1 left semi join nt2 using (k)')).toThrow('[UNRESOLVED_COLUMN')
  })
})

describe('hidden USING keys in the DataFrame API', () => {
  const nt1 = spark.table('nt1')
  const nt2 = spark.table('nt2')
  const joined = nt1.join(nt2, 'k', 'left')

  it('the joined schema shows one key', () => {
    expect(joined.columns).toEqual(['k', 'v1', 'v2'])
  })

  it('select and filter reach the other side’s key by qualifier, and by the column of its DataFrame', () => {
    const keys = joined.select(col('nt1.k').alias('l'), col('nt2.k').alias('r')).collect()
    expect(keys.map((r) => [r.l, r.r]).sort()).toEqual([
      ['one', 'one'],
      ['one', 'one'],
      ['three', null],
      ['two', 'two'],
    ])
    const pairs = joined
      .select(col('v1'), nt2.col('k').alias('right_k'))
      .collect()
      .map((r) => [r.v1, r.right_k])
    expect(pairs.sort()).toEqual([
      [1, 'one'],
      [1, 'one'],
      [2, 'two'],
      [3, null],
    ])
    const sorted = joined.orderBy(col('nt2.k'), col('v2'))
    expect(sorted.columns).toEqual(['k', 'v1', 'v2'])
    expect(sorted.collect().map((r) => r.v2)).toEqual([null, 1, 5, 22])
    const unmatched = joined.filter(col('nt2.k').isNull())
    expect(unmatched.columns).toEqual(['k', 'v1', 'v2'])
    expect(unmatched.collect()).toEqual([{ k: 'three', v1: 3, v2: null }])
  })

  it('dropDuplicates and explode keep them reachable, as in Spark', () => {
    const deduped = joined.dropDuplicates().select(col('nt2.k'), col('v2')).collect()
    expect(deduped.map((r) => `${r.k}:${r.v2}`).sort()).toEqual(['one:1', 'one:5', 'two:22', 'null:null'].sort())
    const exploded = joined.withColumn('e', explode(array(lit(1), lit(2)))).select(col('nt2.k'), col('e'))
    expect(exploded.collect().filter((r) => r.k === null)).toEqual([
      { k: null, e: 1 },
      { k: null, e: 2 },
    ])
  })

  it('the joined DataFrame’s col() answers a hidden key’s qualified name, not its plain name', () => {
    const rightKeys = joined
      .select(joined.col('nt2.k'))
      .collect()
      .map((r) => r.k)
    expect(rightKeys.sort()).toEqual(['one', 'one', 'two', null].sort())
    expect(joined.filter(joined.col('nt2.k').isNull()).collect()).toEqual([{ k: 'three', v1: 3, v2: null }])
    // A plain `k` is the visible (left, for a left join) key.
    expect(
      joined
        .select(joined.col('k'))
        .collect()
        .map((r) => r.k)
        .sort(),
    ).toEqual(['one', 'one', 'three', 'two'])
  })
})
