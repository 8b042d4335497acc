export { emulatorProvider, requireContainerRuntime, type EmulatorProvider } from './provider';
export { CONTAINER_PLAN, type ContainerService, type ContainerSuite } from './plan';
export { startSuiteContainers, type StartedSuiteContainers } from './containers';
export { provideSuiteContainers } from './global-setup';
