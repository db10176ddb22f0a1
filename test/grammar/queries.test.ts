// Queries: SELECT blocks, CTEs, GROUP BY, set operations, ORDER BY / LIMIT, VALUES, and the FROM clause.
import { describe, expect, it } from 'vitest'
import { parseSql } from '../../grammar/index.js'
import { bodyOf, call, col, int, item, query, select, sql, str, syntaxError, table } from '../support/grammar-trees.js'

describe('SELECT', () => {
  it('reads a full SELECT block', () => {
    expect(
      sql(
        'SELECT DISTINCT a, b AS c, d e FROM t WHERE a > 1 GROUP BY a, 2 HAVING count(*) > 1 ORDER BY a DESC LIMIT 10',
      ),
    ).toEqual(
      query(
        select({
          distinct: true,
          items: [item(col('a')), item(col('b'), 'c'), item(col('d'), 'e')],
          from: [table('t')],
          where: { kind: 'BinaryOp', op: '>', left: col('a'), right: int('1') },
          groupBy: { kind: 'GroupBy', all: false, items: [col('a'), int('2')] },
          having: {
            kind: 'BinaryOp',
            op: '>',
            left: call('count', { kind: 'Star', qualifier: [] }),
            right: int('1'),
          },
        }),
        { orderBy: [{ kind: 'SortItem', expr: col('a'), direction: 'desc' }], limit: int('10') },
      ),
    )
  })

  it('reads SELECT without FROM, SELECT ALL, * and t.*', () => {
    expect(bodyOf('SELECT 1')).toEqual(select({ items: [item(int('1'))] }))
    expect(bodyOf('SELECT ALL *, t.* FROM t')).toEqual(
      select({
        items: [item({ kind: 'Star', qualifier: [] }), item({ kind: 'Star', qualifier: ['t'] })],
        from: [table('t')],
      }),
    )
  })

  it('reads keywords as column, table and alias names', () => {
    expect(bodyOf('SELECT window.start, window.end, value, timestamp, count FROM t')).toEqual(
      select({
        items: [
          item(col('window', 'start')),
          item(col('window', 'end')),
          item(col('value')),
          item(col('timestamp')),
          item(col('count')),
        ],
        from: [table('t')],
      }),
    )
    expect(bodyOf('SELECT a key, b AS type FROM window AS date')).toEqual(
      select({
        items: [item(col('a'), 'key'), item(col('b'), 'type')],
        from: [{ kind: 'TableRef', name: ['window'], alias: { kind: 'TableAlias', name: 'date', columns: [] } }],
      }),
    )
  })

  it('reads ORDER BY with directions and null ordering, LIMIT ALL and OFFSET', () => {
    const statement = sql('SELECT a FROM t ORDER BY a ASC NULLS FIRST, b NULLS LAST LIMIT ALL OFFSET 5')
    expect(statement).toMatchObject({
      orderBy: [
        { kind: 'SortItem', expr: col('a'), direction: 'asc', nulls: 'first' },
        { kind: 'SortItem', expr: col('b'), nulls: 'last' },
      ],
      offset: int('5'),
    })
    expect(statement).not.toHaveProperty('limit')
  })

  it('reads SORT BY, CLUSTER BY and DISTRIBUTE BY, while sort and cluster stay usable as names', () => {
    expect(sql('SELECT a FROM t DISTRIBUTE BY a SORT BY b')).toMatchObject({
      distributeBy: [col('a')],
      sortBy: [{ kind: 'SortItem', expr: col('b') }],
    })
    expect(sql('SELECT a FROM t CLUSTER BY a')).toMatchObject({ clusterBy: [col('a')] })
    expect(bodyOf('SELECT a sort FROM t cluster')).toEqual(
      select({
        items: [item(col('a'), 'sort')],
        from: [{ kind: 'TableRef', name: ['t'], alias: { kind: 'TableAlias', name: 'cluster', columns: [] } }],
      }),
    )
  })
})

describe('GROUP BY', () => {
  it('reads GROUP BY ALL', () => {
    expect(bodyOf('SELECT a, count(*) FROM t GROUP BY ALL')).toMatchObject({
      groupBy: { kind: 'GroupBy', all: true, items: [] },
    })
  })

  it('reads grouping analytics for the binder to reject', () => {
    expect(bodyOf('SELECT a FROM t GROUP BY ROLLUP(a, (b, c)), CUBE(a), GROUPING SETS ((a), (), b)')).toMatchObject({
      groupBy: {
        items: [
          { kind: 'GroupingAnalytics', type: 'rollup', sets: [[col('a')], [col('b'), col('c')]] },
          { kind: 'GroupingAnalytics', type: 'cube', sets: [[col('a')]] },
          { kind: 'GroupingAnalytics', type: 'grouping_sets', sets: [[col('a')], [], [col('b')]] },
        ],
      },
    })
    expect(bodyOf('SELECT a FROM t GROUP BY a WITH CUBE')).toMatchObject({
      groupBy: { items: [col('a')], with: 'cube' },
    })
  })

  it('groups by a window expression', () => {
    expect(bodyOf("SELECT count(*) FROM t GROUP BY window(ts, '10 minutes'), key")).toMatchObject({
      groupBy: { items: [call('window', col('ts'), str('10 minutes')), col('key')] },
    })
  })
})

describe('WITH', () => {
  it('reads CTEs with and without column lists', () => {
    expect(sql('WITH a (x) AS (SELECT 1), b AS (SELECT x FROM a) SELECT * FROM b')).toMatchObject({
      kind: 'Query',
      ctes: [
        { kind: 'Cte', name: 'a', columns: ['x'], query: query(select({ items: [item(int('1'))] })) },
        { kind: 'Cte', name: 'b', columns: [] },
      ],
      body: { kind: 'Select', from: [table('b')] },
    })
  })
})

describe('set operations', () => {
  const one = (n: string) => select({ items: [item(int(n))] })

  it('binds INTERSECT tighter than UNION, EXCEPT and MINUS, all left-associative', () => {
    expect(bodyOf('SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 MINUS SELECT 5')).toEqual({
      kind: 'SetOperation',
      op: 'except',
      distinct: true,
      left: {
        kind: 'SetOperation',
        op: 'except',
        distinct: true,
        left: {
          kind: 'SetOperation',
          op: 'union',
          distinct: false,
          left: one('1'),
          right: { kind: 'SetOperation', op: 'intersect', distinct: true, left: one('2'), right: one('3') },
        },
        right: one('4'),
      },
      right: one('5'),
    })
  })

  it('reads parenthesised operands and applies ORDER BY to the whole', () => {
    expect(sql('(SELECT 1) UNION DISTINCT (SELECT 2) ORDER BY 1 LIMIT 1')).toEqual(
      query(
        { kind: 'SetOperation', op: 'union', distinct: true, left: query(one('1')), right: query(one('2')) },
        { orderBy: [{ kind: 'SortItem', expr: int('1') }], limit: int('1') },
      ),
    )
  })

  it('reads a parenthesised query as that query', () => {
    expect(sql('((SELECT 1))')).toEqual(query(one('1')))
  })
})

describe('VALUES', () => {
  it('reads VALUES as a query and as a relation with column aliases', () => {
    expect(bodyOf("VALUES (1, 'a'), (2, 'b')")).toEqual({
      kind: 'Values',
      rows: [
        [int('1'), str('a')],
        [int('2'), str('b')],
      ],
    })
    expect(bodyOf('SELECT * FROM VALUES 1, 2 AS t(x)')).toMatchObject({
      from: [
        { kind: 'Values', rows: [[int('1')], [int('2')]], alias: { kind: 'TableAlias', name: 't', columns: ['x'] } },
      ],
    })
  })
})

describe('FROM', () => {
  const from = (text: string) => {
    const body = bodyOf(`SELECT * FROM ${text}`)
    if (body.kind !== 'Select') throw new Error('not a SELECT')
    return body.from
  }

  it('reads multi-part names, aliases with column lists, and comma-separated relations', () => {
    expect(from('db.t AS a(x, y), u')).toEqual([
      { kind: 'TableRef', name: ['db', 't'], alias: { kind: 'TableAlias', name: 'a', columns: ['x', 'y'] } },
      table('u'),
    ])
  })

  it('reads subqueries with and without AS', () => {
    expect(from('(SELECT 1) s')).toEqual([
      {
        kind: 'SubqueryRelation',
        query: query(select({ items: [item(int('1'))] })),
        alias: { kind: 'TableAlias', name: 's', columns: [] },
      },
    ])
    expect(from('((SELECT 1) UNION (SELECT 2)) AS u')).toMatchObject([
      { kind: 'SubqueryRelation', query: { body: { kind: 'SetOperation' } }, alias: { name: 'u' } },
    ])
  })

  it('reads every join type, left-associatively', () => {
    const joins = from(
      'a JOIN b ON a.x = b.x INNER JOIN c USING (x) CROSS JOIN d LEFT JOIN e ON true LEFT OUTER JOIN f ON true ' +
        'RIGHT OUTER JOIN g ON true FULL JOIN h ON true LEFT SEMI JOIN i ON true SEMI JOIN j ON true ' +
        'LEFT ANTI JOIN k ON true ANTI JOIN l ON true NATURAL JOIN m NATURAL LEFT JOIN n',
    )
    const types: string[] = []
    let relation = joins[0]
    while (relation?.kind === 'Join') {
      types.unshift(`${relation.natural ? 'natural ' : ''}${relation.joinType}`)
      relation = relation.left
    }
    expect(types).toEqual([
      'inner',
      'inner',
      'cross',
      'left',
      'left',
      'right',
      'full',
      'left_semi',
      'left_semi',
      'left_anti',
      'left_anti',
      'natural inner',
      'natural left',
    ])
    expect(relation).toEqual(table('a'))
  })

  it('reads ON and USING criteria', () => {
    expect(from('a JOIN b ON a.x = b.x')).toEqual([
      {
        kind: 'Join',
        joinType: 'inner',
        natural: false,
        left: table('a'),
        right: table('b'),
        on: { kind: 'BinaryOp', op: '=', left: col('a', 'x'), right: col('b', 'x') },
      },
    ])
    expect(from('a LEFT JOIN b USING (x, y)')).toMatchObject([{ joinType: 'left', using: ['x', 'y'] }])
  })

  it('reads a parenthesised join, which cannot take an alias', () => {
    expect(from('(a JOIN b ON true)')).toMatchObject([{ kind: 'Join', left: table('a'), right: table('b') }])
    expect(from('(a) AS x')).toEqual([
      { kind: 'TableRef', name: ['a'], alias: { kind: 'TableAlias', name: 'x', columns: [] } },
    ])
    expect(syntaxError(() => parseSql('SELECT * FROM (a JOIN b ON true) x')).message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'x': a parenthesized join cannot be aliased; alias a subquery instead.(line 1, pos 33)",
    )
  })

  it('reads LATERAL VIEW [OUTER] with table and column aliases', () => {
    expect(
      bodyOf('SELECT k, v FROM t LATERAL VIEW OUTER explode(m) e AS k, v LATERAL VIEW posexplode(xs) p'),
    ).toMatchObject({
      from: [table('t')],
      lateralViews: [
        {
          kind: 'LateralView',
          outer: true,
          generator: call('explode', col('m')),
          tableAlias: 'e',
          columnAliases: ['k', 'v'],
        },
        {
          kind: 'LateralView',
          outer: false,
          generator: call('posexplode', col('xs')),
          tableAlias: 'p',
          columnAliases: [],
        },
      ],
    })
  })

  it('reads table-valued functions with TABLE, DESCRIPTOR and interval arguments', () => {
    expect(from("TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)")).toEqual([
      {
        kind: 'TableFunction',
        name: ['TUMBLE'],
        args: [
          { kind: 'TableArgument', name: ['events'] },
          { kind: 'DescriptorArgument', columns: [['ts']] },
          { kind: 'IntervalLiteral', parts: [{ value: '10', unit: 'second' }], text: "INTERVAL '10' SECOND" },
        ],
      },
    ])
    expect(from("HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND) AS w")).toMatchObject([
      { kind: 'TableFunction', name: ['HOP'], args: { length: 4 }, alias: { name: 'w' } },
    ])
  })

  it('reads named table-valued function arguments and TABLE(query)', () => {
    expect(from("TUMBLE(data => TABLE(events), timecol => DESCRIPTOR(ts), size => INTERVAL '1' MINUTE)")).toMatchObject(
      [
        {
          args: [
            { kind: 'NamedTableArgument', name: 'data', value: { kind: 'TableArgument', name: ['events'] } },
            { kind: 'NamedTableArgument', name: 'timecol', value: { kind: 'DescriptorArgument', columns: [['ts']] } },
            { kind: 'NamedArgument', name: 'size', value: { kind: 'IntervalLiteral' } },
          ],
        },
      ],
    )
    expect(from('f(TABLE(SELECT 1), 2)')).toMatchObject([
      { args: [{ kind: 'TableArgument', query: { kind: 'Query' } }, int('2')] },
    ])
  })

  it('reads ordinary table-valued functions', () => {
    expect(from('range(10) r(id)')).toEqual([
      {
        kind: 'TableFunction',
        name: ['range'],
        args: [int('10')],
        alias: { kind: 'TableAlias', name: 'r', columns: ['id'] },
      },
    ])
  })
})
