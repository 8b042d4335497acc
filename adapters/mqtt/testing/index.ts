export { startTestBroker, type TestBroker } from './broker';
