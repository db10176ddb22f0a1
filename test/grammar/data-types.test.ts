// Data types and DDL schemas: every Spark type name, parameters, nested generics and column definitions.
import { describe, expect, it } from 'vitest'
import { parseDataType, parseTableSchema } from '../../grammar/index.js'
import { dataType, schema, syntaxError, type } from '../support/grammar-trees.js'

describe('primitive types', () => {
  it.each([
    'boolean',
    'tinyint',
    'byte',
    'smallint',
    'short',
    'int',
    'integer',
    'bigint',
    'long',
    'float',
    'real',
    'double',
    'decimal',
    'dec',
    'numeric',
    'string',
    'binary',
    'date',
    'timestamp',
    'timestamp_ntz',
    'timestamp_ltz',
    'void',
  ])('reads %s, in any case', (name) => {
    expect(dataType(name)).toEqual(type(name))
    expect(dataType(name.toUpperCase())).toEqual(type(name))
  })

  it('reads type parameters', () => {
    expect(dataType('decimal(10, 2)')).toEqual(type('decimal', 10, 2))
    expect(dataType('DEC(5)')).toEqual(type('dec', 5))
    expect(dataType('numeric(38,18)')).toEqual(type('numeric', 38, 18))
    expect(dataType('varchar(20)')).toEqual(type('varchar', 20))
    expect(dataType('char(1)')).toEqual(type('char', 1))
  })

  it('leaves unknown type names to the binder', () => {
    expect(dataType('geography')).toEqual(type('geography'))
  })
})

describe('interval types', () => {
  it('reads the calendar interval and the ANSI interval ranges', () => {
    expect(dataType('interval')).toEqual({ kind: 'IntervalType' })
    expect(dataType('INTERVAL DAY TO SECOND')).toEqual({ kind: 'IntervalType', from: 'day', to: 'second' })
    expect(dataType('interval year')).toEqual({ kind: 'IntervalType', from: 'year' })
  })
})

describe('complex types', () => {
  it('reads array<T> and map<K, V>', () => {
    expect(dataType('array<string>')).toEqual({ kind: 'ArrayType', elementType: type('string') })
    expect(dataType('MAP<STRING, BIGINT>')).toEqual({
      kind: 'MapType',
      keyType: type('string'),
      valueType: type('bigint'),
    })
  })

  it('closes nested generics with >> and >>>', () => {
    expect(dataType('array<array<int>>')).toEqual({
      kind: 'ArrayType',
      elementType: { kind: 'ArrayType', elementType: type('int') },
    })
    expect(dataType('map<string,array<map<int,int>>>')).toMatchObject({
      kind: 'MapType',
      valueType: { kind: 'ArrayType', elementType: { kind: 'MapType' } },
    })
  })

  it('reads struct fields with or without a colon, with NOT NULL and COMMENT', () => {
    expect(dataType("struct<a: int, b string NOT NULL COMMENT 'the b', `c d`: array<int>>")).toEqual({
      kind: 'StructType',
      fields: [
        { kind: 'ColumnDefinition', name: 'a', dataType: type('int'), nullable: true },
        { kind: 'ColumnDefinition', name: 'b', dataType: type('string'), nullable: false, comment: 'the b' },
        {
          kind: 'ColumnDefinition',
          name: 'c d',
          dataType: { kind: 'ArrayType', elementType: type('int') },
          nullable: true,
        },
      ],
    })
  })

  it('reads empty and nested structs, and keywords as field names', () => {
    expect(dataType('struct<>')).toEqual({ kind: 'StructType', fields: [] })
    expect(dataType('struct< >')).toEqual({ kind: 'StructType', fields: [] })
    expect(dataType('struct<from: struct<end: timestamp>>')).toMatchObject({
      fields: [{ name: 'from', dataType: { kind: 'StructType', fields: [{ name: 'end' }] } }],
    })
  })
})

describe('table schemas', () => {
  it('reads a Spark DDL column list', () => {
    expect(schema("id INT, name STRING NOT NULL COMMENT 'x', tags ARRAY<STRING>")).toEqual([
      { kind: 'ColumnDefinition', name: 'id', dataType: type('int'), nullable: true },
      { kind: 'ColumnDefinition', name: 'name', dataType: type('string'), nullable: false, comment: 'x' },
      {
        kind: 'ColumnDefinition',
        name: 'tags',
        dataType: { kind: 'ArrayType', elementType: type('string') },
        nullable: true,
      },
    ])
  })

  it('accepts the colon form that PySpark schema strings use', () => {
    expect(schema('a: int, b: string')).toEqual([
      { kind: 'ColumnDefinition', name: 'a', dataType: type('int'), nullable: true },
      { kind: 'ColumnDefinition', name: 'b', dataType: type('string'), nullable: true },
    ])
  })

  it('records where each column is', () => {
    const [, second] = parseTableSchema('a int,\n  b string')
    expect(second?.loc).toEqual({ line: 2, column: 3, offset: 9, endOffset: 17 })
  })

  it('rejects trailing input and missing types', () => {
    expect(syntaxError(() => parseTableSchema('a int b')).offendingToken).toBe('b')
    expect(syntaxError(() => parseTableSchema('a')).expected).toContain('an identifier')
    expect(syntaxError(() => parseDataType('array<int')).expected).toEqual(['>'])
  })
})
