// Failures reported by a Kafka cluster or client (Java's org.apache.kafka.common.KafkaException), cause kept.
import { SparkError } from '../../common/errors.js'

export class KafkaException extends SparkError {}
