// A Kafka source over the fake client, driven by hand (latestOffset, getBatch) with a clock the test moves.
import { rowsOf } from '../../src/arrow/index.js'
import { type KafkaSource, kafkaSourceProvider } from '../../src/connectors/kafka/kafka-source.js'
import { Options } from '../../src/connectors/options.js'
import type { Offset } from '../../src/connectors/source.js'
import { FakeKafkaClient } from './fake-kafka-client.js'
import { tempDir } from './temp-files.js'

export interface FakeKafkaSetup {
  readonly client: FakeKafkaClient
  readonly source: KafkaSource
  /** The source's metadata directory (where `sources/<i>/0` would be); a restart passes it again. */
  readonly dir: string
  clock: number
}

/** A source with `options` (bootstrap servers filled in) over `client`; `dir` resumes from an earlier source's. */
export function fakeKafkaSource(
  options: Record<string, string>,
  client = new FakeKafkaClient(),
  dir = tempDir(),
): FakeKafkaSetup {
  const provider = kafkaSourceProvider(() => client)
  const described = provider.describe(
    new Options(Object.entries({ 'kafka.bootstrap.servers': 'fake:9092', ...options })),
    undefined,
    undefined,
    () => undefined,
  )
  const setup = { client, dir, clock: 0 } as FakeKafkaSetup & { source: KafkaSource }
  setup.source = provider.create(described, {
    conf: () => undefined,
    metadataPath: dir,
    now: () => setup.clock,
  }) as KafkaSource
  return setup
}

const text = (bytes: unknown) => (bytes === null ? null : new TextDecoder().decode(bytes as Uint8Array))

/** The rows of the batch (start, end], key and value as text; none when there is no end. */
export async function readRows(
  source: KafkaSource,
  start: Offset | null,
  end: Offset | null,
): Promise<Record<string, unknown>[]> {
  if (end === null) return []
  const batches = await source.getBatch(start, end)
  return batches
    .flatMap((batch) => rowsOf(batch, source.schema))
    .map((r) => ({ ...r, key: text(r.key), value: text(r.value) }))
}
