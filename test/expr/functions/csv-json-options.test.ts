// from_csv / to_csv / schema_of_csv / schema_of_json / json_tuple and the options maps of from_json and to_json.
// Expected values: Spark's golden files csv-functions.sql.out and json-functions.sql.out, and the examples of Spark's
// SQL function reference (docs/sql-ref-functions-builtin: from_csv, to_csv, schema_of_csv, json_tuple).
import { describe, expect, it } from 'vitest'
import { errorClassOf } from '../../support/error-class.js'
import { goldenRows, goldenSchema, goldenSession } from '../../support/golden-sql.js'

const spark = goldenSession()
const sqlErrorClass = (sql: string) => errorClassOf(() => goldenRows(spark, sql))

describe('from_csv', () => {
  it('reads one record into the schema; the name prints only the input', () => {
    const sql = "SELECT from_csv('1, 3.14', 'a INT, f FLOAT')"
    expect(goldenSchema(spark, sql)).toBe('struct<from_csv(1, 3.14):struct<a:int,f:float>>')
    expect(goldenRows(spark, sql)).toEqual(['{"a":1,"f":3.14}'])
  })

  it('takes a timestampFormat option and a schema inferred by schema_of_csv', () => {
    expect(
      goldenRows(spark, "SELECT from_csv('26/08/2015', 'time Timestamp', map('timestampFormat', 'dd/MM/yyyy'))"),
    ).toEqual(['{"time":2015-08-26 00:00:00}'])
    expect(goldenRows(spark, "SELECT from_csv('1,abc', schema_of_csv('1,abc'))")).toEqual(['{"_c0":1,"_c1":"abc"}'])
  })

  it('is PERMISSIVE: a field that does not fit is NULL, quoted fields keep separators', () => {
    expect(goldenRows(spark, `SELECT from_csv('x,"a,b",', 'a INT, b STRING, c STRING')`)).toEqual([
      '{"a":null,"b":"a,b","c":null}',
    ])
  })

  it('reads sep as the CSV reader does: escapes resolved, an empty one or a lone backslash refused', () => {
    // CSVExprUtils.toDelimiterStr: '\\t' (backslash, t) is a tab; '' and '\\' fail before any record is read.
    expect(goldenRows(spark, "SELECT from_csv('1\t2', 'a INT, b INT', map('sep', '\\\\t'))")).toEqual(['{"a":1,"b":2}'])
    for (const [fn, options] of [
      ["schema_of_csv('1|abc'", "map('delimiter', '')"],
      ["from_csv('1|2', 'a INT, b INT'", "map('sep', '')"],
      ["to_csv(named_struct('a', 1)", "map('sep', '\\\\')"],
    ]) {
      expect(() => goldenRows(spark, `SELECT ${fn}, ${options})`)).toThrow(
        /Delimiter cannot be empty string|Single backslash/,
      )
    }
  })

  it('rejects a schema that is not a string and options that are not a map of strings', () => {
    expect(sqlErrorClass("SELECT from_csv('1', 1)")).toBe('INVALID_SCHEMA')
    expect(sqlErrorClass("SELECT from_csv('1', 'a INT', named_struct('mode', 'PERMISSIVE'))")).toBe(
      'INVALID_OPTIONS.NON_MAP_FUNCTION',
    )
    expect(sqlErrorClass("SELECT from_csv('1', 'a INT', map('mode', 1))")).toBe('INVALID_OPTIONS.NON_STRING_TYPE')
  })
})

describe('schema_of_csv and schema_of_json', () => {
  it('infer the type of one record', () => {
    expect(goldenRows(spark, "SELECT schema_of_csv('1,abc')")).toEqual(['STRUCT<_c0: INT, _c1: STRING>'])
    expect(goldenRows(spark, "SELECT schema_of_csv('1|abc', map('delimiter', '|'))")).toEqual([
      'STRUCT<_c0: INT, _c1: STRING>',
    ])
    expect(goldenSchema(spark, 'SELECT schema_of_json(\'[{"col":0}]\')')).toBe(
      'struct<schema_of_json([{"col":0}]):string>',
    )
    expect(goldenRows(spark, `SELECT schema_of_json('[{"col":0}]')`)).toEqual(['ARRAY<STRUCT<col: BIGINT>>'])
    expect(
      goldenRows(
        spark,
        `SELECT schema_of_json('{"c1":01, "c2":0.1}', map('allowNumericLeadingZeros', 'true', 'prefersDecimal', 'true'))`,
      ),
    ).toEqual(['STRUCT<c1: BIGINT, c2: DECIMAL(1,1)>'])
  })

  it('need a foldable, non-null input', () => {
    expect(sqlErrorClass('SELECT schema_of_csv(null)')).toBe('DATATYPE_MISMATCH.UNEXPECTED_NULL')
    expect(sqlErrorClass("SELECT schema_of_csv(a) FROM VALUES ('1,abc') AS t(a)")).toBe(
      'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    )
  })
})

describe('to_csv', () => {
  it('writes a struct as one record, datetimes by the given pattern', () => {
    expect(goldenRows(spark, "SELECT to_csv(named_struct('a', 1, 'b', 2))")).toEqual(['1,2'])
    const sql =
      "SELECT to_csv(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy'))"
    expect(goldenSchema(spark, sql)).toBe(
      'struct<to_csv(named_struct(time, to_timestamp(2015-08-26, yyyy-MM-dd))):string>',
    )
    expect(goldenRows(spark, sql)).toEqual(['26/08/2015'])
  })
})

describe('from_json and to_json options, json_tuple', () => {
  it('from_json reads dates and timestamps by the given patterns', () => {
    const sql = `SELECT from_json('{"d": "12/15 2012", "t": "12/15 2012 15:15:15"}', 'd date, t timestamp', map('dateFormat', 'MM/dd yyyy', 'timestampFormat', 'MM/dd yyyy HH:mm:ss'))`
    expect(goldenRows(spark, sql)).toEqual(['{"d":2012-12-15,"t":2012-12-15 15:15:15}'])
  })

  it('from_json reads an object as the one element of an array of structs', () => {
    expect(goldenRows(spark, `SELECT from_json('{"a": 1}', 'array<struct<a:int>>')`)).toEqual(['[{"a":1}]'])
  })

  it('to_json writes timestamps by the given pattern', () => {
    const sql =
      "SELECT to_json(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy'))"
    expect(goldenRows(spark, sql)).toEqual(['{"time":"26/08/2015"}'])
  })

  it('json_tuple gives columns c0, c1, ... with NULL for a NULL field name', () => {
    const sql = `SELECT json_tuple('{"a" : 1, "b" : 2}', CAST(NULL AS STRING), 'b', CAST(NULL AS STRING), 'a')`
    expect(goldenSchema(spark, sql)).toBe('struct<c0:string,c1:string,c2:string,c3:string>')
    expect(goldenRows(spark, sql)).toEqual(['NULL\t2\tNULL\t1'])
    expect(goldenRows(spark, `SELECT json_tuple('{"a":1, "b":{"c":[1,2]}}', 'b', 'z')`)).toEqual(['{"c":[1,2]}\tNULL'])
  })
})
