import { describeQueue } from '@kumo/conformance';
import { inject } from 'vitest';
import { StorageQueue } from '../src/index';

describeQueue('azure storage queue (Azurite)', async (settings) => StorageQueue.fromConnectionString(inject('storageConnectionString'), settings));
