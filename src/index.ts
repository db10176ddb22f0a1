// Rivulet's public API: PySpark's Structured Streaming surface for TypeScript.
export { Catalog, type TableInfo } from './api/catalog.js'
export { Column, type ColumnOrValue } from './api/column.js'
export { DataFrame } from './api/data-frame.js'
export { DataFrameReader } from './api/data-frame-reader.js'
export { DataFrameWriter } from './api/data-frame-writer.js'
export { DataStreamReader } from './api/data-stream-reader.js'
export { DataStreamWriter, type ForeachBatchFunction } from './api/data-stream-writer.js'
export * as functions from './api/functions.js'
export * from './api/functions.js'
export type {
  FlatMapGroupsWithStateFunction,
  GroupsWithStateOptions,
  MapGroupsWithStateFunction,
  TransformWithStateOptions,
} from './api/grouped-data.js'
export { MemoryStream } from './api/memory-stream.js'
export { RuntimeConfig } from './api/runtime-config.js'
export { Builder, Session, SparkSession } from './api/session.js'
export { StreamingQuery } from './api/streaming-query.js'
export { StreamingQueryManager } from './api/streaming-query-manager.js'
export type { UdfOptions, UserDefinedFunction } from './api/udf.js'
export { Window, WindowSpec } from './api/window.js'
export type { RecordBatch, Row } from './arrow/index.js'
export {
  AnalysisException,
  ArithmeticException,
  ConnectException,
  IllegalArgumentException,
  IllegalStateException,
  NoSuchElementException,
  ParseException,
  SparkError,
  SparkException,
  SparkRuntimeException,
  StreamingQueryException,
  UnsupportedOperationException,
} from './common/errors.js'
export type { ForeachTarget, ForeachWriter } from './connectors/sinks/foreach-writer.js'
export { registerNexmarkViews } from './connectors/sources/nexmark/views.js'
export { GroupState, GroupStateTimeout } from './operators/group-state.js'
export type { MapInArrowFunction } from './operators/map-in-arrow-exec.js'
export {
  type ExpiredTimerInfo,
  type GroupingKey,
  type HandlerOutput,
  type InputRows,
  type ListState,
  type MapState,
  StatefulProcessor,
  type StatefulProcessorHandle,
  StatefulProcessorWithInitialState,
  type StateSchema,
  TimeMode,
  type TimerValues,
  type TTLConfig,
  type ValueState,
} from './operators/transform-with-state/processor-api.js'
export {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  type StreamingQueryListener,
} from './runtime/listener.js'
export type { SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryStatus } from './runtime/progress.js'
export { StreamingQueryProgress } from './runtime/progress.js'
export type { TriggerSpec } from './runtime/trigger.js'
/** The `rivulet sql` command (exported so the command and a program share one copy of the library). */
export { runSqlShell } from './shell/sql-shell.js'
export {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from './types/data-types.js'
export { StructField, StructType } from './types/struct-type.js'
