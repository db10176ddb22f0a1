// Expressions: Spark's operator precedence, predicates, special forms, calls, lambdas, and keywords used as names.
import { describe, expect, it } from 'vitest'
import { binary, bool, call, col, expr, int, named, str, type } from '../support/grammar-trees.js'

describe('operator precedence', () => {
  it('binds OR < AND < NOT < comparison', () => {
    expect(expr('a OR b AND NOT c = d')).toEqual(
      binary('or', col('a'), binary('and', col('b'), { kind: 'Not', operand: binary('=', col('c'), col('d')) })),
    )
  })

  it('binds unary minus looser than postfix field access, subscript and ::', () => {
    expect(expr('-a.b[1]::int')).toEqual({
      kind: 'UnaryOp',
      op: '-',
      operand: {
        kind: 'Cast',
        value: { kind: 'Subscript', value: col('a', 'b'), index: int('1') },
        dataType: type('int'),
        try: false,
      },
    })
  })

  it('applies NOT to a whole BETWEEN predicate', () => {
    expect(expr('NOT a BETWEEN 1 AND 2')).toEqual({
      kind: 'Not',
      operand: { kind: 'Between', value: col('a'), low: int('1'), high: int('2'), negated: false },
    })
  })

  it('binds IN and LIKE tighter than AND', () => {
    expect(expr("x IN (1,2) AND y LIKE 'a%'")).toEqual(
      binary(
        'and',
        { kind: 'In', value: col('x'), list: [int('1'), int('2')], negated: false },
        { kind: 'Like', op: 'like', value: col('y'), pattern: str('a%'), negated: false },
      ),
    )
  })

  it('ends BETWEEN at its AND, so the next AND is logical', () => {
    expect(expr('x BETWEEN 1 AND 2 AND y')).toEqual(
      binary('and', { kind: 'Between', value: col('x'), low: int('1'), high: int('2'), negated: false }, col('y')),
    )
  })

  it('applies a predicate to a whole comparison, as Spark does', () => {
    expect(expr('a = b IS NULL')).toEqual({ kind: 'IsNull', value: binary('=', col('a'), col('b')), negated: false })
  })

  it('orders the arithmetic and bitwise levels: | < ^ < & < shifts < + - || < * / % DIV', () => {
    expect(expr('a | b ^ c & d << e + f * g')).toEqual(
      binary(
        '|',
        col('a'),
        binary(
          '^',
          col('b'),
          binary('&', col('c'), binary('<<', col('d'), binary('+', col('e'), binary('*', col('f'), col('g'))))),
        ),
      ),
    )
  })

  it('puts comparison below the bitwise operators', () => {
    expect(expr('a & 1 = 0')).toEqual(binary('=', binary('&', col('a'), int('1')), int('0')))
  })

  it('associates every binary level to the left', () => {
    expect(expr('a - b + c || d')).toEqual(
      binary('||', binary('+', binary('-', col('a'), col('b')), col('c')), col('d')),
    )
    expect(expr('a / b % c DIV d')).toEqual(
      binary('div', binary('%', binary('/', col('a'), col('b')), col('c')), col('d')),
    )
    expect(expr('a < b = c')).toEqual(binary('=', binary('<', col('a'), col('b')), col('c')))
  })

  it('reads >> and >>> as adjacent > tokens', () => {
    expect(expr('a >> 2 >>> 1')).toEqual(binary('>>>', binary('>>', col('a'), int('2')), int('1')))
    expect(expr('a > b')).toEqual(binary('>', col('a'), col('b')))
  })

  it('lets parentheses override precedence', () => {
    expect(expr('(a OR b) AND c')).toEqual(binary('and', binary('or', col('a'), col('b')), col('c')))
  })

  it('chains NOT and !', () => {
    expect(expr('NOT !a')).toEqual({ kind: 'Not', operand: { kind: 'Not', operand: col('a') } })
  })

  it('reads unary + and ~', () => {
    expect(expr('+a')).toEqual({ kind: 'UnaryOp', op: '+', operand: col('a') })
    expect(expr('~a')).toEqual({ kind: 'UnaryOp', op: '~', operand: col('a') })
  })
})

describe('comparison operators', () => {
  it.each([
    ['=', '='],
    ['==', '='],
    ['<=>', '<=>'],
    ['<>', '!='],
    ['!=', '!='],
    ['<', '<'],
    ['<=', '<='],
    ['>', '>'],
    ['>=', '>='],
  ])('a %s b is %s', (written, op) => {
    expect(expr(`a ${written} b`)).toEqual(binary(op, col('a'), col('b')))
  })
})

describe('predicates', () => {
  it('reads the negated forms', () => {
    expect(expr('a NOT BETWEEN 1 AND 2')).toMatchObject({ kind: 'Between', negated: true })
    expect(expr('a NOT IN (1)')).toMatchObject({ kind: 'In', negated: true })
    expect(expr("a NOT LIKE 'x'")).toMatchObject({ kind: 'Like', negated: true })
  })

  it('reads RLIKE, REGEXP and ILIKE, and LIKE … ESCAPE', () => {
    expect(expr("a RLIKE 'x'")).toMatchObject({ kind: 'Like', op: 'rlike' })
    expect(expr("a REGEXP 'x'")).toMatchObject({ kind: 'Like', op: 'rlike' })
    expect(expr("a ILIKE 'x'")).toMatchObject({ kind: 'Like', op: 'ilike' })
    expect(expr("a LIKE 'x!%' ESCAPE '!'")).toEqual({
      kind: 'Like',
      op: 'like',
      value: col('a'),
      pattern: str('x!%'),
      escape: '!',
      negated: false,
    })
  })

  it('reads IS [NOT] NULL, TRUE, FALSE and DISTINCT FROM', () => {
    expect(expr('a IS NULL')).toEqual({ kind: 'IsNull', value: col('a'), negated: false })
    expect(expr('a IS NOT NULL')).toEqual({ kind: 'IsNull', value: col('a'), negated: true })
    expect(expr('a IS TRUE')).toEqual({ kind: 'IsBoolean', value: col('a'), target: true, negated: false })
    expect(expr('a IS NOT FALSE')).toEqual({ kind: 'IsBoolean', value: col('a'), target: false, negated: true })
    expect(expr('a IS NOT DISTINCT FROM b')).toEqual({
      kind: 'IsDistinctFrom',
      left: col('a'),
      right: col('b'),
      negated: true,
    })
  })

  it('reads IN with a subquery', () => {
    expect(expr('a IN (SELECT b FROM t)')).toMatchObject({
      kind: 'InSubquery',
      value: col('a'),
      query: { kind: 'Query', body: { kind: 'Select' } },
      negated: false,
    })
  })

  it('reads EXISTS (query), and exists(…) as the higher-order function', () => {
    expect(expr('NOT EXISTS (SELECT 1)')).toMatchObject({ kind: 'Not', operand: { kind: 'Exists' } })
    expect(expr('exists(xs, x -> x > 1)')).toMatchObject({ kind: 'FunctionCall', name: ['exists'] })
  })
})

describe('special forms', () => {
  it('reads CASE with and without an operand', () => {
    expect(expr("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END")).toEqual({
      kind: 'Case',
      branches: [
        { condition: binary('>', col('a'), int('1')), result: str('big') },
        { condition: binary('>', col('a'), int('0')), result: str('small') },
      ],
      else: str('none'),
    })
    expect(expr('CASE a WHEN 1 THEN true END')).toEqual({
      kind: 'Case',
      operand: col('a'),
      branches: [{ condition: int('1'), result: bool(true) }],
    })
  })

  it('reads CAST, TRY_CAST and ::', () => {
    expect(expr('CAST(a AS BIGINT)')).toEqual({ kind: 'Cast', value: col('a'), dataType: type('bigint'), try: false })
    expect(expr('try_cast(a AS decimal(10, 2))')).toEqual({
      kind: 'Cast',
      value: col('a'),
      dataType: type('decimal', 10, 2),
      try: true,
    })
    expect(expr("'1'::int + 1")).toEqual(
      binary('+', { kind: 'Cast', value: str('1'), dataType: type('int'), try: false }, int('1')),
    )
  })

  it('reads EXTRACT', () => {
    expect(expr('EXTRACT(YEAR FROM ts)')).toEqual({ kind: 'Extract', field: 'YEAR', source: col('ts') })
  })

  it('reads SUBSTRING and SUBSTR in both spellings; the FROM form is substring (Spark names it so)', () => {
    expect(expr('SUBSTRING(s FROM 2 FOR 3)')).toEqual(call('substring', col('s'), int('2'), int('3')))
    expect(expr('SUBSTR(s FROM 2)')).toEqual(call('substring', col('s'), int('2')))
    expect(expr('substr(s, 2)')).toEqual(call('substr', col('s'), int('2')))
  })

  it('reads TRIM with a side and characters, and plain trim(s)', () => {
    expect(expr("TRIM(BOTH 'x' FROM s)")).toEqual({ kind: 'Trim', mode: 'both', chars: str('x'), source: col('s') })
    expect(expr('TRIM(LEADING FROM s)')).toEqual({ kind: 'Trim', mode: 'leading', source: col('s') })
    expect(expr("TRIM(TRAILING 'y' FROM s)")).toMatchObject({ kind: 'Trim', mode: 'trailing' })
    expect(expr("TRIM('x' FROM s)")).toEqual({ kind: 'Trim', mode: 'both', chars: str('x'), source: col('s') })
    expect(expr('trim(s)')).toEqual(call('trim', col('s')))
  })

  it('reads POSITION(a IN b) as locate (Spark names it so) and position(a, b) as position', () => {
    expect(expr("POSITION('a' IN s)")).toEqual(call('locate', str('a'), col('s')))
    expect(expr("position('a', s, 2)")).toEqual(call('position', str('a'), col('s'), int('2')))
  })

  it('reads CURRENT_TIMESTAMP and CURRENT_DATE with or without parentheses', () => {
    expect(expr('CURRENT_TIMESTAMP')).toEqual(call('CURRENT_TIMESTAMP'))
    expect(expr('current_date()')).toEqual(call('current_date'))
  })
})

describe('names, calls and postfix operators', () => {
  it('keeps a dotted name together for the binder', () => {
    expect(expr('db.t.s.field')).toEqual(col('db', 't', 's', 'field'))
  })

  it('reads *, t.* and count(*)', () => {
    expect(expr('*')).toEqual({ kind: 'Star', qualifier: [] })
    expect(expr('t.*')).toEqual({ kind: 'Star', qualifier: ['t'] })
    expect(expr('count(*)')).toEqual(call('count', { kind: 'Star', qualifier: [] }))
  })

  it('reads DISTINCT arguments and FILTER clauses', () => {
    expect(expr('count(DISTINCT a, b) FILTER (WHERE c)')).toEqual({
      kind: 'FunctionCall',
      name: ['count'],
      args: [col('a'), col('b')],
      distinct: true,
      filter: col('c'),
    })
  })

  it('reads qualified function names and calls without arguments', () => {
    expect(expr('db.f()')).toEqual({ kind: 'FunctionCall', name: ['db', 'f'], args: [], distinct: false })
  })

  it('reads field access and subscripts after any expression', () => {
    expect(expr("f(x).a['k'][0].b")).toEqual({
      kind: 'FieldAccess',
      value: {
        kind: 'Subscript',
        value: {
          kind: 'Subscript',
          value: { kind: 'FieldAccess', value: call('f', col('x')), field: 'a' },
          index: str('k'),
        },
        index: int('0'),
      },
      field: 'b',
    })
  })

  it('accepts any word after a dot', () => {
    expect(expr('window.end')).toEqual(col('window', 'end'))
    expect(expr('t.from + t.`select`')).toEqual(binary('+', col('t', 'from'), col('t', 'select')))
  })

  it('reads lambdas and named arguments as function arguments', () => {
    expect(expr('transform(xs, x -> x + 1)')).toEqual(
      call('transform', col('xs'), { kind: 'Lambda', params: ['x'], body: binary('+', col('x'), int('1')) }),
    )
    expect(expr('zip_with(a, b, (x, y) -> x * y)')).toEqual(
      call('zip_with', col('a'), col('b'), {
        kind: 'Lambda',
        params: ['x', 'y'],
        body: binary('*', col('x'), col('y')),
      }),
    )
    expect(expr('f(mode => 1)')).toEqual(call('f', { kind: 'NamedArgument', name: 'mode', value: int('1') }))
  })

  it('reads tuples and scalar subqueries in parentheses', () => {
    expect(expr('(a, b) IN ((1, 2))')).toEqual({
      kind: 'In',
      value: { kind: 'Tuple', items: [col('a'), col('b')] },
      list: [{ kind: 'Tuple', items: [int('1'), int('2')] }],
      negated: false,
    })
    expect(expr('(SELECT max(a) FROM t) + 1')).toMatchObject({
      kind: 'BinaryOp',
      left: { kind: 'ScalarSubquery', query: { kind: 'Query' } },
    })
  })

  it('accepts reserved words that Spark allows as function names', () => {
    expect(expr('left(s, 2)')).toEqual(call('left', col('s'), int('2')))
    expect(expr('right(s, 2)')).toEqual(call('right', col('s'), int('2')))
    expect(expr("rlike(s, 'x')")).toEqual(call('rlike', col('s'), str('x')))
  })
})

describe('keywords as identifiers', () => {
  it.each([
    'window',
    'start',
    'end',
    'timestamp',
    'date',
    'value',
    'count',
    'first',
    'last',
    'year',
    'month',
    'hour',
    'second',
    'key',
    'type',
    'table',
    'session_window',
    'interval',
    'position',
    'filter',
    'sort',
    'exists',
  ])('reads %s as a column name and as a function name', (word) => {
    expect(expr(word)).toEqual(col(word))
    expect(expr(`${word}(x)`)).toEqual(call(word, col('x')))
  })

  it('reads extract as a column name; extract( opens the special form', () => {
    expect(expr('extract + 1')).toEqual(binary('+', col('extract'), int('1')))
  })

  it('reads non-reserved keywords as aliases, with or without AS', () => {
    expect(named('a value')).toEqual({ kind: 'NamedExpr', expr: col('a'), alias: 'value' })
    expect(named('a AS window')).toEqual({ kind: 'NamedExpr', expr: col('a'), alias: 'window' })
    expect(named('a AS from')).toEqual({ kind: 'NamedExpr', expr: col('a'), alias: 'from' })
  })

  it('reads multi-aliases', () => {
    expect(named('explode(m) AS (k, v)')).toEqual({
      kind: 'NamedExpr',
      expr: call('explode', col('m')),
      aliases: ['k', 'v'],
    })
  })

  it('reads backquoted names with a doubled backquote as one', () => {
    expect(expr('`my col`.`a``b`')).toEqual(col('my col', 'a`b'))
  })
})
