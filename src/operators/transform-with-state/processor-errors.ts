// Spark's errors for transformWithState: the handle's state machine and time mode, state variable names and values,
// TTL, and user code that threw (TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR; Spark's own errors pass through).
import {
  IllegalArgumentException,
  SparkError,
  SparkException,
  UnsupportedOperationException,
} from '../../common/errors.js'

/** Spark's StatefulProcessorHandleState, in order. */
export type HandleState = 'PRE_INIT' | 'CREATED' | 'INITIALIZED' | 'DATA_PROCESSED' | 'TIMER_PROCESSED' | 'CLOSED'
export const HANDLE_STATES: readonly HandleState[] = [
  'PRE_INIT',
  'CREATED',
  'INITIALIZED',
  'DATA_PROCESSED',
  'TIMER_PROCESSED',
  'CLOSED',
]

export const invalidHandleState = (operationType: string, handleState: HandleState) =>
  new UnsupportedOperationException(
    `Failed to perform stateful processor operation=${operationType} with invalid handle state=${handleState}.`,
    { errorClass: 'STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE' },
  )

/** Spark prints TimeMode.None() as `NoTime`. */
export const timeModeText = (timeMode: string) => (timeMode === 'None' ? 'NoTime' : timeMode)

export const invalidTimeMode = (operationType: string, timeMode: string) =>
  new UnsupportedOperationException(
    `Failed to perform stateful processor operation=${operationType} with invalid timeMode=${timeModeText(timeMode)}`,
    { errorClass: 'STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE' },
  )

export const duplicateStateVariable = (stateVarName: string) =>
  new UnsupportedOperationException(
    `State variable with name ${stateVarName} has already been defined in the StatefulProcessor.`,
    { errorClass: 'STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED' },
  )

export const ttlInWrongTimeMode = (stateName: string, timeMode: string) =>
  new UnsupportedOperationException(
    `Cannot use TTL for state=${stateName} in timeMode=${timeModeText(timeMode)}, use TimeMode.ProcessingTime() instead.`,
    { errorClass: 'STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL' },
  )

export const ttlMustBePositive = (operationType: string, stateName: string) =>
  new UnsupportedOperationException(
    `TTL duration must be greater than zero for State store operation=${operationType} on state=${stateName}.`,
    { errorClass: 'STATEFUL_PROCESSOR_TTL_DURATION_MUST_BE_POSITIVE' },
  )

export const unknownTimeMode = (timeMode: string) =>
  new IllegalArgumentException(
    `Unknown time mode ${timeMode}. Accepted timeMode modes are 'none', 'processingTime', 'eventTime'`,
    { errorClass: 'STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE' },
  )

export const invalidStateName = (operationName: string, name: string) =>
  new UnsupportedOperationException(
    `Failed to perform column family operation=${operationName} with invalid name=${name}. Column family name cannot be empty or include leading/trailing spaces or use the reserved keyword=default`,
    { errorClass: 'STATE_STORE_CANNOT_USE_COLUMN_FAMILY_WITH_INVALID_NAME' },
  )

export const reservedStateName = (name: string) =>
  new UnsupportedOperationException(
    `Failed to create column family with unsupported starting character and name=${name}.`,
    { errorClass: 'STATE_STORE_CANNOT_CREATE_COLUMN_FAMILY_WITH_RESERVED_CHARS' },
  )

export const nullStateValue = (stateName: string) =>
  new IllegalArgumentException(
    `Illegal value provided to the State Store Cannot write null values to State Store for StateName ${stateName}.`,
    { errorClass: 'ILLEGAL_STATE_STORE_VALUE.NULL_VALUE' },
  )

export const emptyListValue = (stateName: string) =>
  new IllegalArgumentException(
    `Illegal value provided to the State Store Cannot write empty list values to State Store for StateName ${stateName}.`,
    { errorClass: 'ILLEGAL_STATE_STORE_VALUE.EMPTY_LIST_VALUE' },
  )

/** An error thrown (or a promise rejected) by processor code, as Spark reports it. */
export function userFunctionError(error: unknown, functionName: string): unknown {
  if (error instanceof SparkError && error.errorClass !== undefined) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new SparkException(
    `An error occurred in the user-defined function ${functionName} of the StatefulProcessor. Reason: ${reason}.`,
    { errorClass: 'TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR', cause: error },
  )
}
