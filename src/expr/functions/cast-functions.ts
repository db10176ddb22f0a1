// The cast functions `boolean(x)`, `int(x)`, `date(x)`, ... : Spark registers one per type name; each is a CAST that
// Spark does not show in the column name (the name is the argument's).
import {
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  FLOAT,
  INTEGER,
  LONG,
  SHORT,
  STRING,
  TIMESTAMP,
} from '../../types/data-types.js'
import { castTo } from './coercion.js'
import type { ScalarFunction } from './spec.js'

function castFunction(to: DataType): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 1],
    resolve: (args) => ({ args: [castTo(args[0]!, to)], dataType: to }),
    kernel: (args) => args[0]!,
    // A cast without the USER_SPECIFIED_CAST tag: Spark prints only the argument.
    display: (args) => args[0]!,
  }
}

export const castFunctions = {
  boolean: castFunction(BOOLEAN),
  tinyint: castFunction(BYTE),
  smallint: castFunction(SHORT),
  int: castFunction(INTEGER),
  bigint: castFunction(LONG),
  float: castFunction(FLOAT),
  double: castFunction(DOUBLE),
  decimal: castFunction(DecimalType(10, 0)),
  string: castFunction(STRING),
  binary: castFunction(BINARY),
  date: castFunction(DATE),
  timestamp: castFunction(TIMESTAMP),
} satisfies Record<string, ScalarFunction>
