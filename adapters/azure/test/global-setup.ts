import { setupAzureEmulators } from '../src/testing/index';

export default setupAzureEmulators;
