// Failures reported by a Redis server or client (a wrong key type, a refused connection), cause kept.
import { SparkError } from '../../common/errors.js'

export class RedisException extends SparkError {}
