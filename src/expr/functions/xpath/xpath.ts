// The xpath family: xpath (the values of the selected nodes) and xpath_boolean / _double / _number / _float /
// _int / _long / _short / _string (the expression read as XPath's boolean, number or string), over an XML string
// with a constant path compiled once per batch. Element nodes have no value (DOM's getNodeValue), as in Spark.
import { boolColumn, listColumn, newBitmap, numericColumn, setBit, Utf8Builder } from '../../../arrow/index.js'
import { AnalysisException, SparkRuntimeException } from '../../../common/errors.js'
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  DOUBLE,
  FLOAT,
  INTEGER,
  LONG,
  SHORT,
  STRING,
} from '../../../types/data-types.js'
import { sqlText } from '../../sql-text.js'
import { callText, coerceArgs } from '../coercion.js'
import { stringsOfVec } from '../define.js'
import type { ScalarFunction } from '../spec.js'
import { isScalar } from '../vector.js'
import { parseXml, XmlSyntaxError } from './xml-dom.js'
import { asNumber, compileXPath, evaluateXPath, toBoolean, toText, type XPathExpr, type XValue } from './xpath-eval.js'

type Reading = 'nodes' | 'boolean' | 'number' | 'string'

function compiled(path: string): XPathExpr {
  try {
    return compileXPath(path)
  } catch (e) {
    throw new SparkRuntimeException(`Invalid XPath '${path}'${(e as Error).message}`)
  }
}

function evaluateOn(xml: string, expr: XPathExpr): XValue {
  let document: ReturnType<typeof parseXml>
  try {
    document = parseXml(xml)
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e
    throw new SparkRuntimeException(`Invalid XML document: ${e.message}\n${xml}`)
  }
  try {
    return evaluateXPath(expr, document)
  } catch (e) {
    throw new SparkRuntimeException(`Error loading expression '${(e as Error).message}'`)
  }
}

/** Java's (int) / (long) narrowing of a double: NaN is 0, out-of-range values saturate. */
function narrowed(x: number, bits: 16 | 32 | 64): number {
  if (Number.isNaN(x)) return 0
  const t = Math.trunc(x)
  if (bits === 64) return Math.max(-(2 ** 63), Math.min(2 ** 63 - 1, t))
  const int = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, t))
  return bits === 32 ? int : (int << 16) >> 16
}

function xpathFunction(reading: Reading, type: DataType): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve(args, name) {
      const coerced = coerceArgs(name, args, ['string', 'string'])
      if (args[1]!.kind !== 'Literal') {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input path should be a foldable "STRING" expression; however, got "${sqlText(args[1]!)}".`,
          { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
        )
      }
      return { args: coerced, dataType: type, nullable: true }
    },
    kernel(args, ctx) {
      const n = ctx.length
      const path = isScalar(args[1]!) ? (args[1].value as string | null) : null
      const xmls = stringsOfVec(args[0]!, n)
      const expr = path === null || path === '' ? null : compiled(path)
      const valid = newBitmap(n)
      const result = (i: number): XValue | null => {
        const xml = xmls[i]
        if (xml == null || xml === '' || expr === null) return null
        setBit(valid, i)
        return evaluateOn(xml, expr)
      }
      if (reading === 'nodes') {
        const offsets = new Int32Array(n + 1)
        const values = new Utf8Builder(n, n * 16)
        for (let i = 0; i < n; i++) {
          const v = result(i)
          if (v !== null) {
            if (!Array.isArray(v)) throw new SparkRuntimeException(`Error loading expression '${path}'`)
            for (const node of v) values.append(node.value)
          }
          offsets[i + 1] = values.length
        }
        return listColumn(type, offsets, values.finish(), valid)
      }
      if (reading === 'string') {
        const out = new Utf8Builder(n, n * 16)
        for (let i = 0; i < n; i++) {
          const v = result(i)
          out.append(v === null ? null : toText(v))
        }
        return out.finish()
      }
      if (reading === 'boolean') {
        const bits = newBitmap(n)
        for (let i = 0; i < n; i++) {
          const v = result(i)
          if (v !== null && toBoolean(v)) setBit(bits, i)
        }
        return boolColumn(bits, n, valid)
      }
      const out = new (
        type.kind === 'float'
          ? Float32Array
          : type.kind === 'short'
            ? Int16Array
            : type.kind === 'integer'
              ? Int32Array
              : Float64Array
      )(n)
      for (let i = 0; i < n; i++) {
        const v = result(i)
        if (v === null) continue
        const x = asNumber(v)
        out[i] =
          type.kind === 'short'
            ? narrowed(x, 16)
            : type.kind === 'integer'
              ? narrowed(x, 32)
              : type.kind === 'long'
                ? narrowed(x, 64)
                : x
      }
      return numericColumn(type, out, valid)
    },
  }
}

export const xpathFunctions = {
  xpath: xpathFunction('nodes', ArrayType(STRING)),
  xpath_boolean: xpathFunction('boolean', BOOLEAN),
  xpath_double: xpathFunction('number', DOUBLE),
  xpath_number: xpathFunction('number', DOUBLE),
  xpath_float: xpathFunction('number', FLOAT),
  xpath_int: xpathFunction('number', INTEGER),
  xpath_long: xpathFunction('number', LONG),
  xpath_short: xpathFunction('number', SHORT),
  xpath_string: xpathFunction('string', STRING),
} satisfies Record<string, ScalarFunction>
