export { setupAzureEmulators } from './emulators';
export { emulatorAgent, emulatorAzureConfig, emulatorClient, EMULATOR_KEY, freshContainer } from './clients';
