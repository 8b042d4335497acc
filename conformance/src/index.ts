export { describeStore, type StoreFactory, type ContentionReport } from './store-suite';
export { listAllPartitions } from './store-listing-suite';
export { describeQueue, receiveAtLeast, type QueueFactory } from './queue-suite';
export { describePush, type PushClient, type PushHarness } from './push-suite';
export { unique } from './unique';
export { EventInbox } from './event-inbox';
export { describeServices, type AdapterModuleFactory, type ServicesSuiteOptions } from './services-suite';
export { OffsetClock, RecordingMobilePush, type ServiceContext, type ServiceScenarios } from './services/context';
export * from './faults/index';
