// kafkajs 2.2.4 ships no types for the internal modules KafkajsClient loads; kafkajs-modules.ts types what it uses.
declare module 'kafkajs/src/cluster/index.js'
declare module 'kafkajs/src/loggers/index.js'
declare module 'kafkajs/src/network/socketFactory.js'
declare module 'kafkajs/src/consumer/filterAbortedMessages.js'
declare module 'kafkajs/src/protocol/requests/fetch/v4/request.js'
declare module 'kafkajs/src/protocol/requests/fetch/v4/response.js'
declare module 'kafkajs/src/protocol/error.js'
