// The arrow layer's surface: batches and columns as typed arrays, for every layer above.
export { fromArrowSchema, fromArrowType, toArrowSchema, toArrowType } from './arrow-types.js'
export {
  batchFromRows,
  columnsOf,
  concatBatches,
  emptyBatch,
  isRecordBatch,
  makeBatch,
  type RecordBatch,
  type Row,
  rowsOf,
  selectColumns,
  sliceBatch,
  takeRows,
  withSchema,
} from './batch.js'
export { cellText, javaDoubleText } from './cell-text.js'
export {
  allValidBitmap,
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  constantInt64Column,
  constantInt64Prefix,
  copyBytes,
  countUnset,
  exactNumberReader,
  float64ToInt64,
  gather,
  grown,
  int64ColumnFromParts,
  int64ToFloat64,
  int64WordsOf,
  isConstantInt64Column,
  isInt64Backed,
  isNullAt,
  type NumberArray,
  newBitmap,
  nullColumn,
  numbersOf,
  numericColumn,
  numericColumnOwning,
  setBit,
  TWO_32,
  unconvertedInt64Words,
  validityOf,
  withValidity,
  writeInt64Words,
} from './column.js'
export {
  DecimalBuilder,
  decimalColumn,
  decimalText,
  decimalTextAt,
  EXACT,
  POW10,
  POW10_BIG,
  parseUnscaled,
  roundDownScale,
  roundDownScaleBig,
  roundedQuotient,
  storeUnscaled,
  unscaledBigIntAt,
  unscaledOf,
  writeUnscaled,
  writeUnscaledBigInt,
} from './decimal128.js'
export { batchesFromIpc, batchesToIpc } from './ipc.js'
export { defaultJsonText, type JsonTextOptions, jsonObject, jsonText } from './json-text.js'
export { keyTextAt } from './key-text.js'
export { compareBytes, compareNumbers, compareWords, exactWords, type RowCompare, rowComparator } from './row-order.js'
export { type ShowOptions, showString } from './show-string.js'
export { decimalBytes, hashLong, partitionIds, sparkHash, sparkHashOfRows, toByteArray } from './spark-hash.js'
export {
  binaryColumn,
  checkStringColumnBytes,
  checkStringValueBytes,
  decodeUtf8,
  stringAt,
  stringColumn,
  stringDataColumn,
  stringsOf,
  Utf8Builder,
  withStringData,
  writeRepeated,
} from './strings.js'
export { concatColumns, sliceColumn, take, takeAcross } from './take.js'
export { columnFromValues, listColumn, structColumn, valueAt } from './values.js'
export { columnOfVector, isVector, type Vector, vectorOf } from './vectors.js'
