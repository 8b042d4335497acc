export { MemoryStore, memoryStoreCapabilities } from './store';
export { MemoryQueue, memoryQueueCapabilities } from './queue';
export { MemoryPush, MemoryMobilePush, type PushListener } from './push';
export { capabilities, createMemoryPorts, memoryModule, type MemoryOptions, type MemoryPorts } from './module';
