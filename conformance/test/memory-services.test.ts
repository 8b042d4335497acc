import { memoryModule } from '@kumo/adapter-memory';
import { describeServices } from '../src/index';

describeServices('memory', async () => memoryModule());
