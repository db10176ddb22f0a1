// The StatefulProcessorHandle: creates state variables as declared state tables (only while `init` runs, Spark's
// CREATED state), runs timer operations for the current key, and tracks Spark's handle states — CREATED in init,
// INITIALIZED for initial state and input rows, DATA_PROCESSED for expired timers, TIMER_PROCESSED for TTL cleanup —
// whose rules decide which operation is allowed when.
import type { StateDeclarations } from '../../state/operator-state.js'
import type { StructType } from '../../types/struct-type.js'
import type { KeyBatch } from '../grouped-input.js'
import type { StateMetrics } from '../state-metrics.js'
import { ListStateVariable } from './list-state.js'
import { MapStateVariable } from './map-state.js'
import type {
  ListState,
  MapState,
  StatefulProcessorHandle,
  StateSchema,
  TimeMode,
  TTLConfig,
  ValueState,
} from './processor-api.js'
import {
  duplicateStateVariable,
  HANDLE_STATES,
  type HandleState,
  invalidHandleState,
  invalidStateName,
  invalidTimeMode,
  reservedStateName,
  ttlInWrongTimeMode,
  ttlMustBePositive,
} from './processor-errors.js'
import { stateCodec } from './state-codec.js'
import type { KeyContext, StateVariable } from './state-variable.js'
import { Timers } from './timers.js'
import { ValueStateVariable } from './value-state.js'

const at = (state: HandleState) => HANDLE_STATES.indexOf(state)

export class ProcessorHandle implements StatefulProcessorHandle, KeyContext {
  state: HandleState = 'PRE_INIT'
  keys: KeyBatch | undefined
  k = -1
  batchTimestampMs = 0
  watermarkMs = 0
  /** The timer firing now for the current key (listTimers includes it, as in Spark). */
  firingTimerMs: number | undefined
  readonly variables: StateVariable[] = []
  readonly timers: Timers | undefined
  private readonly names = new Set<string>()

  constructor(
    private readonly declarations: StateDeclarations,
    private readonly keySchema: StructType,
    readonly timeMode: TimeMode,
    readonly metrics: StateMetrics,
  ) {
    this.timers = timeMode === 'None' ? undefined : new Timers(declarations, timeMode, keySchema)
  }

  getValueState<S>(stateName: string, schema: StateSchema, ttlConfig?: TTLConfig): ValueState<S> {
    const ttl = this.newVariable('get_value_state', stateName, ttlConfig)
    this.count(ttl === undefined ? 'numValueStateVars' : 'numValueStateWithTTLVars')
    return this.add(
      new ValueStateVariable<S>(stateName, this, ttl, stateCodec(schema), this.declarations, this.keySchema),
    )
  }

  getListState<S>(stateName: string, schema: StateSchema, ttlConfig?: TTLConfig): ListState<S> {
    const ttl = this.newVariable('get_list_state', stateName, ttlConfig)
    this.count(ttl === undefined ? 'numListStateVars' : 'numListStateWithTTLVars')
    return this.add(
      new ListStateVariable<S>(stateName, this, ttl, stateCodec(schema), this.declarations, this.keySchema),
    )
  }

  getMapState<K, V>(
    stateName: string,
    userKeySchema: StateSchema,
    valueSchema: StateSchema,
    ttlConfig?: TTLConfig,
  ): MapState<K, V> {
    const ttl = this.newVariable('get_map_state', stateName, ttlConfig)
    this.count(ttl === undefined ? 'numMapStateVars' : 'numMapStateWithTTLVars')
    return this.add(
      new MapStateVariable<K, V>(
        stateName,
        this,
        ttl,
        stateCodec(userKeySchema),
        stateCodec(valueSchema),
        this.declarations,
        this.keySchema,
      ),
    )
  }

  registerTimer(expiryTimestampMs: number): void {
    const keys = this.timerKey('register_timer')
    if (this.timers!.register(keys, this.k, expiryTimestampMs)) this.count('numRegisteredTimers')
  }

  deleteTimer(expiryTimestampMs: number): void {
    const keys = this.timerKey('delete_timer')
    if (this.firingTimerMs === expiryTimestampMs) {
      this.firingTimerMs = undefined
      return
    }
    if (this.timers!.delete(keys, this.k, expiryTimestampMs)) this.count('numDeletedTimers')
  }

  *listTimers(): IterableIterator<number> {
    const keys = this.timerKey('list_timers')
    const times = this.timers!.list(keys, this.k)
    if (this.firingTimerMs !== undefined && !times.includes(this.firingTimerMs)) times.push(this.firingTimerMs)
    yield* times.sort((a, b) => a - b)
  }

  deleteIfExists(stateName: string): void {
    if (this.state !== 'CREATED') throw invalidHandleState('delete_if_exists', this.state)
    this.validName('delete_if_exists', stateName)
    this.declarations.dropIfExists(stateName)
    this.declarations.dropIfExists(`$ttl_${stateName}`)
  }

  /** Checks a new state variable may be created now, under this name and TTL; returns the TTL in ms, if any. */
  private newVariable(operation: string, stateName: string, ttlConfig: TTLConfig | undefined): number | undefined {
    if (this.state !== 'CREATED') throw invalidHandleState(operation, this.state)
    this.validName(operation, stateName)
    if (this.names.has(stateName)) throw duplicateStateVariable(stateName)
    this.names.add(stateName)
    const ttlMs = ttlConfig?.ttlDurationMs
    // A zero duration is TTLConfig.NONE: no TTL.
    if (ttlMs === undefined || ttlMs === 0) return undefined
    if (this.timeMode !== 'ProcessingTime') throw ttlInWrongTimeMode(stateName, this.timeMode)
    if (!(ttlMs > 0)) throw ttlMustBePositive('update', stateName)
    return ttlMs
  }

  private validName(operation: string, name: string): void {
    if (typeof name !== 'string' || name === '' || name.trim() !== name || name === 'default') {
      throw invalidStateName(operation, String(name))
    }
    if (name.startsWith('$')) throw reservedStateName(name)
    // A state variable is a folder of the checkpoint.
    if (/[/\\]/.test(name) || name === '.' || name === '..') throw invalidStateName(operation, name)
  }

  private add<T extends StateVariable>(variable: T): T {
    this.variables.push(variable)
    return variable
  }

  /** The current key's batch for a timer operation (Spark's verifyTimerOperations). */
  private timerKey(operation: string): KeyBatch {
    if (this.timeMode === 'None') throw invalidTimeMode(operation, this.timeMode)
    if (at(this.state) < at('INITIALIZED') || at(this.state) >= at('TIMER_PROCESSED') || !this.keys || this.k < 0) {
      throw invalidHandleState(operation, this.state)
    }
    return this.keys
  }

  private count(metric: string): void {
    const custom = this.metrics.customMetrics
    custom[metric] = (custom[metric] ?? 0) + 1
  }

  /** Starts a phase over `keys` (each handler call then sets `k`). */
  beginPhase(keys: KeyBatch): void {
    this.keys = keys
    this.k = -1
  }

  /** Ends the phase: every variable writes its pending changes. */
  endPhase(): void {
    for (const variable of this.variables) variable.flush()
    this.keys = undefined
    this.k = -1
  }
}
