// from_xml, schema_of_xml and to_xml: one XML record per row read into a struct, its schema inferred (folded at
// analysis, like schema_of_json), or a struct written as XML, with Spark's XML options.
import { bitAt, columnFromValues, Utf8Builder, validityOf } from '../../../arrow/index.js'
import { AnalysisException } from '../../../common/errors.js'
import { type DataType, STRING, sqlTypeName } from '../../../types/data-types.js'
import { parseSchemaString, parseTypeString } from '../../../types/ddl.js'
import type { StructType } from '../../../types/struct-type.js'
import { dataTypeOf, type Expr } from '../../expression.js'
import { sqlText } from '../../sql-text.js'
import { callText, coerceArgs } from '../coercion.js'
import { foldableText, schemaArg } from '../csv.js'
import { stringsOfVec } from '../define.js'
import { optionsArg } from '../function-options.js'
import { schemaSql } from '../schema-inference.js'
import type { ScalarFunction } from '../spec.js'
import { materialize, Scalar } from '../vector.js'
import { parseXml, XmlSyntaxError } from '../xpath/xml-dom.js'
import { inferXmlType } from './xml-infer.js'
import { xmlOptions } from './xml-options.js'
import { readObject, XmlValueError } from './xml-read.js'
import { XmlWriter } from './xml-write.js'

/** Spark prints only the input: the schema and the options map are parameters, not children. */
const inputOnly = (name: string) => (args: readonly string[]) => `${name}(${args[0]})`

/** schema_of_xml(xml[, options]) of a foldable call, as DDL text. */
function schemaOfXmlText(args: readonly Expr[]): string {
  const text = foldableText('schema_of_xml', args, 'xml')
  return schemaSql(inferXmlType(text, xmlOptions(optionsArg(args[1]))))
}

/** from_xml's schema: a DDL string (`a INT, b DOUBLE` or `STRUCT<...>`) or schema_of_xml of a literal. */
function xmlSchema(e: Expr): StructType {
  const text = e.kind === 'Fn' && e.name === 'schema_of_xml' ? schemaOfXmlText(e.args) : schemaArg(e)
  const type: DataType = /^\s*(struct|array|map)\s*</i.test(text) ? parseTypeString(text) : parseSchemaString(text)
  if (type.kind !== 'struct') {
    throw new AnalysisException(`Schema should be struct type but got ${sqlTypeName(type)}.`, {
      errorClass: 'INVALID_SCHEMA.NON_STRUCT_TYPE',
    })
  }
  return type
}

/** from_xml(xml, schema[, options]): PERMISSIVE — malformed XML gives a struct of NULLs, a value that does not fit
 *  its type a NULL field. */
const fromXml: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  display: inputOnly('from_xml'),
  resolve(args, name) {
    const [xml] = coerceArgs(name, [args[0]!], ['string'])
    xmlOptions(optionsArg(args[2]))
    return { args: [xml!, ...args.slice(1)], dataType: xmlSchema(args[1]!), nullable: true }
  },
  kernel(args, ctx, call) {
    const schema = call.dataType as StructType
    const o = xmlOptions(optionsArg(call.args[2]))
    const texts = stringsOfVec(args[0]!, ctx.length)
    const nulls = () => Object.fromEntries(schema.fields.map((f) => [f.name, null]))
    const values = texts.map((text) => {
      if (text === null || text === undefined) return null
      try {
        return readObject(parseXml(text).children[0]!, schema, o, ctx.zone, true)
      } catch (e) {
        if (e instanceof XmlSyntaxError || e instanceof XmlValueError) return nulls()
        throw e
      }
    })
    return columnFromValues(schema, values)
  },
}

/** schema_of_xml(xml[, options]): the DDL of the struct a literal XML record is inferred as. */
const schemaOfXml: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  display: inputOnly('schema_of_xml'),
  resolve(args) {
    // Inferred here, so a non-foldable input or bad options fail at analysis.
    schemaOfXmlText(args)
    return { args, dataType: STRING, nullable: false }
  },
  kernel: (_args, _ctx, call) => new Scalar(schemaOfXmlText(call.args), STRING),
}

/** to_xml(struct[, options]): the struct as one XML element named rowTag (ROW), indented four spaces. */
const toXml: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  display: inputOnly('to_xml'),
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (type.kind !== 'struct') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args.slice(0, 1))}" due to data type mismatch: The first parameter ` +
          `requires the "STRUCT" type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(type)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    xmlOptions(optionsArg(args[1]))
    return { args, dataType: STRING }
  },
  kernel(args, ctx, call) {
    const writer = new XmlWriter(xmlOptions(optionsArg(call.args[1])), ctx.zone)
    const type = dataTypeOf(call.args[0]!)
    const column = materialize(args[0]!, ctx.length)
    const valid = validityOf(column)
    const builder = new Utf8Builder(ctx.length, ctx.length * 32)
    for (let i = 0; i < ctx.length; i++) {
      builder.append(valid !== null && !bitAt(valid, i) ? null : writer.write(column, type, i))
    }
    return builder.finish()
  },
}

export const xmlFunctions = {
  from_xml: fromXml,
  schema_of_xml: schemaOfXml,
  to_xml: toXml,
} satisfies Record<string, ScalarFunction>
