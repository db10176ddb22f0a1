// What a replayable message-bus source does when data it should read is gone: with failOnDataLoss (the default) the
// query fails with Spark's KAFKA_DATA_LOSS wording; without it, a warning is logged and the source reads what is left.
import { IllegalStateException } from '../common/errors.js'
import { logWarning } from '../common/log.js'

export class DataLossPolicy {
  /**
   * @param system the bus as the messages name it (`NATS`, `Redis`)
   * @param container what holds the data there (`stream`)
   * @param component the class name the warnings are logged under
   */
  constructor(
    private readonly system: string,
    private readonly container: string,
    private readonly component: string,
    readonly failOnDataLoss: boolean,
  ) {}

  /** Fails with `reason`, or logs `warning` with Spark's instruction for failOnDataLoss=false. */
  report(warning: string, reason: string): void {
    const { system, container } = this
    if (this.failOnDataLoss) {
      throw new IllegalStateException(
        [
          `Some data may have been lost because they are not available in ${system} any more;`,
          `either the data was aged out by ${system} or the ${container} may have been deleted before all the data in the`,
          `${container} was processed.`,
          "If you don't want your streaming query to fail on such cases, set the source option failOnDataLoss to false.",
          `Reason: ${reason}`,
        ].join('\n'),
      )
    }
    logWarning(
      this.component,
      `${warning}. Some data may have been lost because they are not available in ${system} any more; either the data was aged out by ${system} or the ${container} may have been deleted before all the data in the ${container} was processed. If you want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "true".`,
    )
  }
}
