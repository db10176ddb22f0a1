// Spark's limit on one array's elements (ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH) and its
// COLLECTION_SIZE_LIMIT_EXCEEDED errors, for the functions whose arguments say how long an array gets.
import { SparkRuntimeException } from '../../common/errors.js'

/** The most elements one array may have. */
export const MAX_ARRAY_ELEMENTS = 2147483632

const tooMany = (count: number) =>
  `Can't create array with ${count} elements which exceeding the array size limit ${MAX_ARRAY_ELEMENTS}, `

/** COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER: `parameter` of `fn` asks for `count` elements. */
export function parameterTooLarge(count: number, parameter: string, fn: string): SparkRuntimeException {
  return new SparkRuntimeException(
    `${tooMany(count)}the value of parameter(s) \`${parameter}\` in the function \`${fn}\` is invalid.`,
    { errorClass: 'COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER' },
  )
}

/** COLLECTION_SIZE_LIMIT_EXCEEDED.FUNCTION: `fn` would build an array of `count` elements. */
export function resultTooLarge(count: number, fn: string): SparkRuntimeException {
  return new SparkRuntimeException(`${tooMany(count)}unsuccessful try to create arrays in the function \`${fn}\`.`, {
    errorClass: 'COLLECTION_SIZE_LIMIT_EXCEEDED.FUNCTION',
  })
}
