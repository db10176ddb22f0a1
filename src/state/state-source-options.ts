// The options of `spark.read.format('statestore')` and `format('state-metadata')`, validated as Spark's
// StateSourceOptions does, with its STDS_* error classes and texts.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { SparkRuntimeException } from '../common/errors.js'

/** Looks an option up by name, case-insensitively as Spark's option maps do. */
export type OptionLookup = (key: string) => string | undefined

export type JoinSide = 'left' | 'right' | 'none'

export interface StateSourceOptions {
  readonly checkpoint: string
  /** The batch whose state is read: its committed version is `batchId + 1`. */
  readonly batchId: number
  readonly operatorId: number
  readonly storeName: string
  readonly joinSide: JoinSide
}

export const DEFAULT_STORE_NAME = 'default'

export function stateSourceError(errorClass: string, message: string): SparkRuntimeException {
  return new SparkRuntimeException(message, { errorClass })
}

export function requiredOptionUnspecified(name: string): SparkRuntimeException {
  return stateSourceError('STDS_REQUIRED_OPTION_UNSPECIFIED', `'${name}' must be specified.`)
}

function invalidValue(name: string, message: string): SparkRuntimeException {
  return stateSourceError(
    'STDS_INVALID_OPTION_VALUE.WITH_MESSAGE',
    `Invalid value for source option '${name}': ${message}`,
  )
}

/** A non-negative integer option, or `fallback` when it is absent. */
function nonNegative(get: OptionLookup, name: string): number | undefined {
  const text = get(name)
  if (text === undefined) return undefined
  const value = Number(text.trim())
  if (text.trim() === '' || !Number.isInteger(value)) invalidValueThrow(name, `'${text}' is not an integer`)
  if (value < 0) {
    throw stateSourceError(
      'STDS_INVALID_OPTION_VALUE.IS_NEGATIVE',
      `Invalid value for source option '${name}': cannot be negative.`,
    )
  }
  return value
}

function invalidValueThrow(name: string, message: string): never {
  throw invalidValue(name, message)
}

/** The checkpoint folder, from the `path` option (or `load(path)`). */
export function checkpointPath(get: OptionLookup): string {
  const path = get('path')
  if (path === undefined) throw requiredOptionUnspecified('path')
  if (path.trim() === '') {
    throw stateSourceError(
      'STDS_INVALID_OPTION_VALUE.IS_EMPTY',
      `Invalid value for source option 'path': cannot be empty.`,
    )
  }
  return path
}

/** The batch ids in `commits/`, ascending. */
export function committedBatchIds(checkpoint: string): number[] {
  const dir = join(checkpoint, 'commits')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b)
}

export function parseStateSourceOptions(get: OptionLookup): StateSourceOptions {
  const checkpoint = checkpointPath(get)
  const joinSideText = get('joinSide')
  const storeNameText = get('storeName')
  if (joinSideText !== undefined && storeNameText !== undefined) {
    throw stateSourceError(
      'STDS_CONFLICT_OPTIONS',
      `The options ['joinSide', 'storeName'] cannot be specified together. Please specify the one.`,
    )
  }
  const joinSide = (joinSideText ?? 'none').toLowerCase()
  if (joinSide !== 'left' && joinSide !== 'right' && joinSide !== 'none') {
    throw invalidValue('joinSide', 'Valid values are left,right,none')
  }
  if (storeNameText !== undefined && storeNameText.trim() === '') {
    throw stateSourceError(
      'STDS_INVALID_OPTION_VALUE.IS_EMPTY',
      `Invalid value for source option 'storeName': cannot be empty.`,
    )
  }
  const given = nonNegative(get, 'batchId')
  let batchId = given
  if (batchId === undefined) {
    batchId = committedBatchIds(checkpoint).at(-1)
    if (batchId === undefined) {
      throw stateSourceError(
        'STDS_COMMITTED_BATCH_UNAVAILABLE',
        `No committed batch found, checkpoint location: ${checkpoint}. Ensure that the query has run and committed any microbatch before stopping.`,
      )
    }
  } else if (!existsSync(join(checkpoint, 'offsets', String(batchId)))) {
    throw stateSourceError(
      'STDS_OFFSET_LOG_UNAVAILABLE',
      `The offset log for ${batchId} does not exist, checkpoint location: ${checkpoint}. Please specify the batch ID which is available for querying - you can query the available batch IDs via using state metadata data source.`,
    )
  }
  return {
    checkpoint,
    batchId,
    operatorId: nonNegative(get, 'operatorId') ?? 0,
    storeName: storeNameText ?? DEFAULT_STORE_NAME,
    joinSide,
  }
}
