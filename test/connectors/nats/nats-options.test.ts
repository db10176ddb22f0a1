// The `nats` source's and sink's options: defaults, what each accepted option becomes, and every rejected option
// with its message.
import { describe, expect, it } from 'vitest'
import { IllegalArgumentException } from '../../../src/common/errors.js'
import { parseNatsSinkOptions, parseNatsSourceOptions } from '../../../src/connectors/nats/nats-options.js'
import { natsSourceProvider } from '../../../src/connectors/nats/nats-source.js'
import { Options } from '../../../src/connectors/options.js'
import { parseSchemaString } from '../../../src/types/ddl.js'

const base = { 'nats.servers': '127.0.0.1:4222', stream: 'ORDERS' }
const source = (entries: Record<string, string>) => parseNatsSourceOptions(new Options(Object.entries(entries)))
const sink = (entries: Record<string, string>) => parseNatsSinkOptions(new Options(Object.entries(entries)))

describe('NATS source options', () => {
  it('defaults: latest, failOnDataLoss, no headers, no limits, 15 minutes of trigger delay', () => {
    expect(source(base)).toEqual({
      connection: {
        servers: ['127.0.0.1:4222'],
        user: undefined,
        pass: undefined,
        token: undefined,
        name: 'rivulet-nats-source',
      },
      stream: 'ORDERS',
      subject: undefined,
      startingOffsets: { kind: 'latest' },
      failOnDataLoss: true,
      includeHeaders: false,
      limits: { max: undefined, min: undefined, maxTriggerDelayMs: 900_000 },
    })
  })

  it('reads every option, keys in any case', () => {
    const parsed = source({
      'NATS.SERVERS': 'nats://a:1, nats://b:2',
      'nats.user': 'u',
      'nats.pass': 'p',
      'nats.name': 'mine',
      STREAM: 'ORDERS',
      subject: 'orders.*',
      startingOffsets: '{"ORDERS":41}',
      failOnDataLoss: 'FALSE',
      includeHeaders: 'true',
      maxMessagesPerTrigger: '100',
      minMessagesPerTrigger: '10',
      maxTriggerDelay: '30s',
    })
    expect(parsed).toMatchObject({
      connection: { servers: ['nats://a:1', 'nats://b:2'], user: 'u', pass: 'p', name: 'mine' },
      subject: 'orders.*',
      startingOffsets: { kind: 'sequence', afterSeq: 41 },
      failOnDataLoss: false,
      includeHeaders: true,
      limits: { max: 100, min: 10, maxTriggerDelayMs: 30_000 },
    })
    expect(source({ ...base, startingOffsets: 'EARLIEST' }).startingOffsets).toEqual({ kind: 'earliest' })
    expect(source({ ...base, startingOffsets: '{"ORDERS":-2}' }).startingOffsets).toEqual({ kind: 'earliest' })
    expect(source({ ...base, startingOffsets: '{"ORDERS":-1}' }).startingOffsets).toEqual({ kind: 'latest' })
  })

  it('refuses a user schema, since the schema is fixed', () => {
    const options = new Options(Object.entries(base))
    expect(() =>
      natsSourceProvider().describe(options, parseSchemaString('x INT'), undefined, () => undefined),
    ).toThrow(new IllegalArgumentException('NATS source has a fixed schema and cannot be set with a custom one'))
  })

  const rejected: [string, Record<string, string>, string][] = [
    ['no nats.servers', { stream: 'S' }, "Option 'nats.servers' must be specified for configuring the NATS connection"],
    [
      'blank nats.servers',
      { ...base, 'nats.servers': ' ' },
      "Option 'nats.servers' must be specified for configuring the NATS connection",
    ],
    ['no stream', { 'nats.servers': 'h:1' }, "Option 'stream' must be specified for the NATS JetStream source"],
    [
      'a stream name with a dot',
      { ...base, stream: 'a.b' },
      "Invalid stream name 'a.b': it may not contain spaces, '.', '*' or '>'",
    ],
    ['an empty subject filter', { ...base, subject: '' }, "Option 'subject' must not be empty"],
    [
      'startingOffsets that is not earliest, latest or JSON',
      { ...base, startingOffsets: 'first' },
      `Expected 'earliest', 'latest' or e.g. {"ORDERS":23} (the last sequence already read; -2 = earliest, -1 = latest) for option 'startingOffsets', got first`,
    ],
    [
      'startingOffsets with a fractional sequence',
      { ...base, startingOffsets: '{"ORDERS":1.5}' },
      `Expected 'earliest', 'latest' or e.g. {"ORDERS":23} (the last sequence already read; -2 = earliest, -1 = latest) for option 'startingOffsets', got {"ORDERS":1.5}`,
    ],
    [
      'startingOffsets of another stream',
      { ...base, startingOffsets: '{"OTHER":3}' },
      "Option 'startingOffsets' names stream 'OTHER', but the source reads stream 'ORDERS'",
    ],
    [
      'failOnDataLoss that is not a boolean',
      { ...base, failOnDataLoss: 'yes' },
      "Invalid value 'yes' for option 'failOnDataLoss', must be 'true' or 'false'",
    ],
    [
      'includeHeaders that is not a boolean',
      { ...base, includeHeaders: '1' },
      "Invalid value '1' for option 'includeHeaders', must be 'true' or 'false'",
    ],
    [
      'maxMessagesPerTrigger of zero',
      { ...base, maxMessagesPerTrigger: '0' },
      "Invalid value '0' for option 'maxMessagesPerTrigger', must be a positive integer",
    ],
    [
      'minMessagesPerTrigger that is not a number',
      { ...base, minMessagesPerTrigger: 'ten' },
      "Invalid value 'ten' for option 'minMessagesPerTrigger', must be a positive integer",
    ],
    [
      'minMessagesPerTrigger above maxMessagesPerTrigger',
      { ...base, minMessagesPerTrigger: '20', maxMessagesPerTrigger: '10' },
      'The value of minMessagesPerTrigger(20) is higher than the maxMessagesPerTrigger(10).',
    ],
    [
      'a maxTriggerDelay that is not a duration',
      { ...base, maxTriggerDelay: 'soon' },
      'Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.',
    ],
  ]
  for (const [what, entries, message] of rejected) {
    it(`rejects ${what}`, () => {
      expect(() => source(entries)).toThrow(new IllegalArgumentException(message))
    })
  }
})

describe('NATS sink options', () => {
  it('takes the subject option, or leaves the subject to a column', () => {
    expect(sink({ 'nats.servers': 'h:1', subject: 'out.x' }).subject).toBe('out.x')
    expect(sink({ 'nats.servers': 'h:1' })).toEqual({
      connection: { servers: ['h:1'], user: undefined, pass: undefined, token: undefined, name: 'rivulet-nats-sink' },
      subject: undefined,
    })
  })

  const rejected: [string, Record<string, string>, string][] = [
    [
      'no nats.servers',
      { subject: 'x' },
      "Option 'nats.servers' must be specified for configuring the NATS connection",
    ],
    ['an empty subject', { 'nats.servers': 'h:1', subject: ' ' }, "Option 'subject' must not be empty"],
    [
      'a wildcard subject',
      { 'nats.servers': 'h:1', subject: 'out.*' },
      "Invalid subject 'out.*' to publish to: it may not contain spaces or wildcards",
    ],
  ]
  for (const [what, entries, message] of rejected) {
    it(`rejects ${what}`, () => {
      expect(() => sink(entries)).toThrow(new IllegalArgumentException(message))
    })
  }
})
