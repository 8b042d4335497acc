import { describeServices } from '@kumo/conformance';
import { memoryModule } from '../src/index';

describeServices('memory', async () => memoryModule());
