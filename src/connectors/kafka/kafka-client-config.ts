// The connection settings a Kafka client honours, read once from the `kafka.*` options (Java client property names).
import { IllegalArgumentException } from '../../common/errors.js'

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512'

export interface KafkaClientConfig {
  /** `host:port` of each bootstrap broker. */
  readonly brokers: readonly string[]
  readonly clientId: string
  readonly requestTimeoutMs: number
  readonly connectionTimeoutMs: number
  /** TLS with the system's certificate authorities (`security.protocol` SSL or SASL_SSL). */
  readonly ssl: boolean
  readonly sasl: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: string } | null
  /** `isolation.level`: read_committed hides records of aborted transactions and stops at the last stable offset. */
  readonly readCommitted: boolean
  /** Producer `acks`: -1 (all), 0 or 1. */
  readonly acks: -1 | 0 | 1
  /** Producer `max.request.size`: the most bytes of records sent in one request. */
  readonly maxRequestBytes: number
  /** Producer `compression.type`. */
  readonly compression: 'none' | 'gzip'
  /** The Kafka properties given (without the `kafka.` prefix), kept for the ones no client setting reads. */
  readonly properties: ReadonlyMap<string, string>
}

/** `kafka.`-prefixed entries of a case-insensitive option list, prefix dropped (keys as Kafka spells them). */
export function kafkaProperties(entries: readonly (readonly [string, string])[]): Map<string, string> {
  const properties = new Map<string, string>()
  for (const [key, value] of entries) if (key.toLowerCase().startsWith('kafka.')) properties.set(key.slice(6), value)
  return properties
}

const positiveInt = (properties: ReadonlyMap<string, string>, key: string, fallback: number): number => {
  const raw = properties.get(key)
  if (raw === undefined) return fallback
  const value = Number(raw.trim())
  if (!Number.isInteger(value) || value <= 0) {
    throw new IllegalArgumentException(`Invalid value ${raw} for configuration ${key}: Not a number of type INT`)
  }
  return value
}

/** The credentials of a `sasl.jaas.config` login module line (`username="..." password="..."`). */
function jaasCredentials(jaas: string | undefined): { username: string; password: string } {
  const field = (name: string) => jaas?.match(new RegExp(`${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`))?.[1]
  const username = field('username')
  const password = field('password')
  if (username === undefined || password === undefined) {
    throw new IllegalArgumentException(
      'Kafka option \'kafka.sasl.jaas.config\' must give username="..." and password="..." for SASL authentication',
    )
  }
  return { username, password }
}

/** Reads the client settings; `bootstrap.servers` must be present (the option parsers check that first). */
export function kafkaClientConfig(properties: ReadonlyMap<string, string>, clientId: string): KafkaClientConfig {
  const servers = properties.get('bootstrap.servers') ?? ''
  const brokers = servers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (brokers.length === 0) {
    throw new IllegalArgumentException(`No resolvable bootstrap urls given in bootstrap.servers`)
  }
  const protocol = (properties.get('security.protocol') ?? 'PLAINTEXT').trim().toUpperCase()
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new IllegalArgumentException(
      `Invalid value ${properties.get('security.protocol')} for configuration security.protocol: String must be one of: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL`,
    )
  }
  let sasl: KafkaClientConfig['sasl'] = null
  if (protocol.startsWith('SASL_')) {
    const mechanism = (properties.get('sasl.mechanism') ?? 'GSSAPI').trim().toLowerCase()
    if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
      throw new IllegalArgumentException(
        `Kafka option 'kafka.sasl.mechanism' ${mechanism.toUpperCase()} is not supported; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`,
      )
    }
    sasl = { mechanism, ...jaasCredentials(properties.get('sasl.jaas.config')) }
  }
  const isolation = (properties.get('isolation.level') ?? 'read_uncommitted').trim().toLowerCase()
  if (isolation !== 'read_uncommitted' && isolation !== 'read_committed') {
    throw new IllegalArgumentException(
      `Invalid value ${properties.get('isolation.level')} for configuration isolation.level: String must be one of: read_committed, read_uncommitted`,
    )
  }
  const acksText = (properties.get('acks') ?? 'all').trim().toLowerCase()
  const acks = acksText === 'all' || acksText === '-1' ? -1 : acksText === '0' ? 0 : acksText === '1' ? 1 : undefined
  if (acks === undefined) {
    throw new IllegalArgumentException(
      `Invalid value ${properties.get('acks')} for configuration acks: String must be one of: all, -1, 0, 1`,
    )
  }
  const compressionText = (properties.get('compression.type') ?? 'none').trim().toLowerCase()
  if (compressionText !== 'none' && compressionText !== 'gzip') {
    throw new IllegalArgumentException(
      `Kafka option 'kafka.compression.type' ${compressionText} is not supported; use none or gzip`,
    )
  }
  return {
    brokers,
    clientId: properties.get('client.id') ?? clientId,
    requestTimeoutMs: positiveInt(properties, 'request.timeout.ms', 30_000),
    connectionTimeoutMs: positiveInt(properties, 'socket.connection.setup.timeout.ms', 10_000),
    ssl: protocol === 'SSL' || protocol === 'SASL_SSL',
    sasl,
    readCommitted: isolation === 'read_committed',
    acks,
    maxRequestBytes: positiveInt(properties, 'max.request.size', 1_048_576),
    compression: compressionText,
    properties,
  }
}
