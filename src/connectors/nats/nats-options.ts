// The `nats` source's and sink's options, validated once into typed records with clear errors.
import { IllegalArgumentException } from '../../common/errors.js'
import {
  booleanOption,
  requiredOption,
  startingOffsetsOption,
  type TriggerLimits,
  triggerLimits,
} from '../bus-source-options.js'
import type { Options } from '../options.js'
import type { NatsConnectionConfig } from './nats-client.js'

/** Where a new query starts: before the first stored message, after the last, or after a given sequence. */
export type NatsStart =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'sequence'; readonly afterSeq: number }

export interface NatsSourceOptions {
  readonly connection: NatsConnectionConfig
  readonly stream: string
  /** A subject filter (NATS wildcards) within the stream; undefined reads every message. */
  readonly subject: string | undefined
  readonly startingOffsets: NatsStart
  readonly failOnDataLoss: boolean
  readonly includeHeaders: boolean
  /** `maxMessagesPerTrigger`, `minMessagesPerTrigger`, `maxTriggerDelay`. */
  readonly limits: TriggerLimits
}

export interface NatsSinkOptions {
  readonly connection: NatsConnectionConfig
  /** The `subject` option; undefined: each row's `subject` column. */
  readonly subject: string | undefined
}

/** `nats.servers` (comma-separated `host:port` or `nats://` URLs) and the optional credentials. */
function connectionConfig(options: Options, name: string): NatsConnectionConfig {
  const servers = requiredOption(options, 'nats.servers', 'configuring the NATS connection')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  return {
    servers,
    user: options.get('nats.user'),
    pass: options.get('nats.pass'),
    token: options.get('nats.token'),
    name: options.get('nats.name') ?? name,
  }
}

const EARLIEST = -2
const LATEST = -1

/** `earliest`, `latest`, or `{"<stream>": <last sequence read>}` (-2 earliest, -1 latest), as the checkpoint writes it. */
function startingOffsets(options: Options, stream: string): NatsStart {
  const start = startingOffsetsOption(options)
  if (start.kind !== 'json') return start
  const { raw, json } = start
  const entries = json === undefined ? [] : Object.entries(json)
  const [entry] = entries
  const seq = entry?.[1]
  if (entries.length !== 1 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < EARLIEST) {
    throw new IllegalArgumentException(
      `Expected 'earliest', 'latest' or e.g. {"${stream}":23} (the last sequence already read; -2 = earliest, -1 = latest) for option 'startingOffsets', got ${raw}`,
    )
  }
  if (entry![0] !== stream) {
    throw new IllegalArgumentException(
      `Option 'startingOffsets' names stream '${entry![0]}', but the source reads stream '${stream}'`,
    )
  }
  if (seq === EARLIEST) return { kind: 'earliest' }
  if (seq === LATEST) return { kind: 'latest' }
  return { kind: 'sequence', afterSeq: seq }
}

export function parseNatsSourceOptions(options: Options): NatsSourceOptions {
  const connection = connectionConfig(options, 'rivulet-nats-source')
  const stream = requiredOption(options, 'stream', 'the NATS JetStream source')
  if (/[\s.*>]/.test(stream)) {
    throw new IllegalArgumentException(`Invalid stream name '${stream}': it may not contain spaces, '.', '*' or '>'`)
  }
  const subject = options.get('subject')?.trim()
  if (subject === '') throw new IllegalArgumentException("Option 'subject' must not be empty")
  return {
    connection,
    stream,
    subject,
    startingOffsets: startingOffsets(options, stream),
    failOnDataLoss: booleanOption(options, 'failOnDataLoss', true),
    includeHeaders: booleanOption(options, 'includeHeaders', false),
    limits: triggerLimits(options, 'Messages'),
  }
}

export function parseNatsSinkOptions(options: Options): NatsSinkOptions {
  const subject = options.get('subject')?.trim()
  if (subject === '') throw new IllegalArgumentException("Option 'subject' must not be empty")
  if (subject !== undefined && /[\s*>]/.test(subject)) {
    throw new IllegalArgumentException(
      `Invalid subject '${subject}' to publish to: it may not contain spaces or wildcards`,
    )
  }
  return { connection: connectionConfig(options, 'rivulet-nats-sink'), subject }
}
