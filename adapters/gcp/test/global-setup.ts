export { gcpGlobalSetup as default } from '../src/testing';
