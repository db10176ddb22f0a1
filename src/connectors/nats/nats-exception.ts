// Failures reported by a NATS server or client (a missing stream, no stream for a subject, a lost connection), cause kept.
import { SparkError } from '../../common/errors.js'

export class NatsException extends SparkError {}
