// from_xml / schema_of_xml / to_xml. Expected values: the examples of Spark's SQL function reference
// (xmlExpressions.scala: from_xml, schema_of_xml, to_xml) and rules read from StaxXmlParser, XmlInferSchema and
// StaxXmlGenerator (attributes as `_name`, text beside them as `_VALUE`, repeated elements as arrays).
import { describe, expect, it } from 'vitest'
import { errorClassOf } from '../../support/error-class.js'
import { goldenRows, goldenSchema, goldenSession } from '../../support/golden-sql.js'

const spark = goldenSession()
const sqlErrorClass = (sql: string) => errorClassOf(() => goldenRows(spark, sql))

describe('from_xml', () => {
  it('reads one record into the schema; the name prints only the input (Spark docs)', () => {
    const sql = "SELECT from_xml('<p><a>1</a><b>0.8</b></p>', 'a INT, b DOUBLE')"
    expect(goldenSchema(spark, sql)).toBe('struct<from_xml(<p><a>1</a><b>0.8</b></p>):struct<a:int,b:double>>')
    expect(goldenRows(spark, sql)).toEqual(['{"a":1,"b":0.8}'])
  })

  it('takes a timestampFormat option (Spark docs)', () => {
    expect(
      goldenRows(
        spark,
        "SELECT from_xml('<p><time>26/08/2015</time></p>', 'time Timestamp', map('timestampFormat', 'dd/MM/yyyy'))",
      ),
    ).toEqual(['{"time":2015-08-26 00:00:00}'])
  })

  it('reads repeated elements into an array of structs (Spark docs)', () => {
    const xml =
      '<p><teacher>Alice</teacher><student><name>Bob</name><rank>1</rank></student>' +
      '<student><name>Charlie</name><rank>2</rank></student></p>'
    expect(
      goldenRows(
        spark,
        `SELECT from_xml('${xml}', 'STRUCT<teacher: STRING, student: ARRAY<STRUCT<name: STRING, rank: INT>>>')`,
      ),
    ).toEqual(['{"teacher":"Alice","student":[{"name":"Bob","rank":1},{"name":"Charlie","rank":2}]}'])
  })

  it('reads attributes as prefixed fields and text beside them as the value tag', () => {
    const sql = `SELECT from_xml('<p id="7"><a x="1">v</a><a x="2">w</a></p>',
      '_id INT, a ARRAY<STRUCT<_VALUE: STRING, _x: INT>>')`
    expect(goldenRows(spark, sql)).toEqual(['{"_id":7,"a":[{"_VALUE":"v","_x":1},{"_VALUE":"w","_x":2}]}'])
    const custom = `SELECT from_xml('<p id="7">t</p>', 'at_id INT, text STRING',
      map('attributePrefix', 'at_', 'valueTag', 'text'))`
    expect(goldenRows(spark, custom)).toEqual(['{"at_id":7,"text":"t"}'])
  })

  it('is PERMISSIVE: a value that does not fit is NULL, malformed XML a struct of NULLs', () => {
    expect(goldenRows(spark, "SELECT from_xml('<p><a>x</a><b>2</b></p>', 'a INT, b INT')")).toEqual([
      '{"a":null,"b":2}',
    ])
    expect(goldenRows(spark, "SELECT from_xml('<p><a>1</a>', 'a INT')")).toEqual(['{"a":null}'])
    expect(goldenRows(spark, "SELECT from_xml(CAST(NULL AS STRING), 'a INT')")).toEqual(['NULL'])
  })

  it('reads nullValue as NULL, surrounding spaces trimmed, and booleans as true/false/1/0', () => {
    const sql = `SELECT from_xml('<p><a> N </a><b> 5 </b><c>1</c></p>', 'a INT, b INT, c BOOLEAN', map('nullValue', 'N'))`
    expect(goldenRows(spark, sql)).toEqual(['{"a":null,"b":5,"c":true}'])
  })

  it('takes a schema inferred by schema_of_xml', () => {
    expect(goldenRows(spark, "SELECT from_xml('<p><a>1</a></p>', schema_of_xml('<p><a>1</a></p>'))")).toEqual([
      '{"a":1}',
    ])
  })

  it('rejects a schema that is not a string and options that are not a map', () => {
    expect(sqlErrorClass("SELECT from_xml('<p/>', 1)")).toBe('INVALID_SCHEMA')
    expect(sqlErrorClass("SELECT from_xml('<p/>', 'array<int>')")).toBe('INVALID_SCHEMA.NON_STRUCT_TYPE')
    expect(sqlErrorClass("SELECT from_xml('<p/>', 'a INT', named_struct('k', 'v'))")).toBe(
      'INVALID_OPTIONS.NON_MAP_FUNCTION',
    )
  })
})

describe('schema_of_xml', () => {
  it('infers BIGINT for integral text (Spark docs)', () => {
    const sql = "SELECT schema_of_xml('<p><a>1</a></p>')"
    expect(goldenSchema(spark, sql)).toBe('struct<schema_of_xml(<p><a>1</a></p>):string>')
    expect(goldenRows(spark, sql)).toEqual(['STRUCT<a: BIGINT>'])
  })

  it('turns repeated elements into an array; excludeAttribute drops attributes (Spark docs)', () => {
    expect(
      goldenRows(spark, `SELECT schema_of_xml('<p><a attr="2">1</a><a>3</a></p>', map('excludeAttribute', 'true'))`),
    ).toEqual(['STRUCT<a: ARRAY<BIGINT>>'])
  })

  it('merges an attributed element with a plain one through the value tag', () => {
    expect(goldenRows(spark, `SELECT schema_of_xml('<p><a attr="2">1</a><a>3</a></p>')`)).toEqual([
      'STRUCT<a: ARRAY<STRUCT<_VALUE: BIGINT, _attr: BIGINT>>>',
    ])
  })

  it('infers DOUBLE, BOOLEAN, DATE, TIMESTAMP and STRING, fields sorted by name, empty text as STRING', () => {
    const xml =
      '<r id="x"><z>1.5</z><y>true</y><x>2015-08-26</x><w>2015-08-26 10:00:00</w><v>abc</v><u/><t>1</t><t>2.5</t></r>'
    expect(goldenRows(spark, `SELECT schema_of_xml('${xml}')`)).toEqual([
      'STRUCT<_id: STRING, t: ARRAY<DOUBLE>, u: STRING, v: STRING, w: TIMESTAMP, x: DATE, y: BOOLEAN, z: DOUBLE>',
    ])
  })

  it('infers nested structs', () => {
    expect(goldenRows(spark, "SELECT schema_of_xml('<p><a><c>x</c><b>1</b></a></p>')")).toEqual([
      'STRUCT<a: STRUCT<b: BIGINT, c: STRING>>',
    ])
  })

  it('requires a foldable input', () => {
    expect(sqlErrorClass("SELECT schema_of_xml(x) FROM VALUES ('<p/>') t(x)")).toBe(
      'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    )
  })
})

describe('to_xml', () => {
  it('writes the struct as a ROW element indented four spaces (Spark docs)', () => {
    const sql = "SELECT to_xml(named_struct('a', 1, 'b', 2))"
    expect(goldenSchema(spark, sql)).toBe('struct<to_xml(named_struct(a, 1, b, 2)):string>')
    expect(goldenRows(spark, sql)).toEqual(['<ROW>\n    <a>1</a>\n    <b>2</b>\n</ROW>'])
  })

  it('takes a timestampFormat option (Spark docs)', () => {
    expect(
      goldenRows(
        spark,
        "SELECT to_xml(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy'))",
      ),
    ).toEqual(['<ROW>\n    <time>26/08/2015</time>\n</ROW>'])
  })

  it('writes prefixed fields as attributes, the value tag as text, arrays as repeated elements, leaves out NULLs', () => {
    const sql = `SELECT to_xml(named_struct('_id', 7, 'a', array(1, 2), 'b', CAST(NULL AS INT),
      'c', named_struct('_x', 'q', '_VALUE', 'v')), map('rowTag', 'r'))`
    expect(goldenRows(spark, sql)).toEqual(['<r id="7">\n    <a>1</a>\n    <a>2</a>\n    <c x="q">v</c>\n</r>'])
  })

  it('writes nullValue for NULL fields when set, and no layout with an empty indent', () => {
    const sql = `SELECT to_xml(named_struct('a', CAST(NULL AS INT), 'b', named_struct('c', 'x<y')),
      map('nullValue', 'N', 'indent', ''))`
    expect(goldenRows(spark, sql)).toEqual(['<ROW><a>N</a><b><c>x&lt;y</c></b></ROW>'])
  })

  it('requires a struct', () => {
    expect(sqlErrorClass('SELECT to_xml(1)')).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE')
  })
})

describe('the TypeScript API', () => {
  it('builds the same calls as SQL', async () => {
    const { from_xml, lit, schema_of_xml, struct, to_xml } = await import('../../../src/index.js')
    const row = spark
      .sql("SELECT '<p><a>1</a><b>0.8</b></p>' AS x")
      .select(
        from_xml('x', 'a INT, b DOUBLE').alias('r'),
        schema_of_xml('<p><a>1</a></p>').alias('s'),
        to_xml(struct(lit(1).alias('a')), { rowTag: 'r', indent: '' }).alias('w'),
      )
      .collect()[0]!
    expect(row).toEqual({ r: { a: 1, b: 0.8 }, s: 'STRUCT<a: BIGINT>', w: '<r><a>1</a></r>' })
  })
})
