export { DATASTORE_INDEX_FILE, freePort, startEmulator, startEmulators, type EmulatorKind, type RunningEmulator, type RunningEmulators, type StartEmulatorOptions } from './emulators';
export { startCloudLoggingStandIn, type CloudLoggingStandIn, type ReceivedLogEntry } from './cloud-logging-stand-in';
