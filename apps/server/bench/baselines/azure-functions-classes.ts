/**
 * A second entry of the Azure cold-start bundles: the bundle's own copy of the @azure/functions
 * classes the Functions worker builds each invocation with, so the bench child constructs its
 * request with them (as the host does) without loading a second copy of the library.
 */
export { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
