export { startTestBroker, type TestBroker } from './broker';
export { mqttPushHarness } from './harness';
