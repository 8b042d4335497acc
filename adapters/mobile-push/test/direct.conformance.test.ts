import { describeMobilePush } from '@kumo/conformance';
import { MemoryStore } from '@kumo/adapter-memory';
import { directMobilePushHarness } from '../testing/index';

describeMobilePush('memory store, FCM v1 and APNs direct (configured from the environment)', () => directMobilePushHarness(new MemoryStore()));
