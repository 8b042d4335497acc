import { setupAzureEmulators } from '../testing/vitest';

export default setupAzureEmulators;
