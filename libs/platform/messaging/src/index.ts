export * from './lib/cloudevents-kafka';
export * from './lib/contract-validator';
export * from './lib/delivery';
export * from './lib/in-process-transport';
export * from './lib/kafka-client';
export * from './lib/kafka-consumer';
export * from './lib/kafka-publisher';
export * from './lib/transport';
