import { inject } from 'vitest';
import { describePush } from '@kumo/conformance';
import { mqttHarness } from './harness';

describePush('mqtt (aedes broker)', () => mqttHarness(inject('mqttUrl')));
