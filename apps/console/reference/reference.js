/* global window, document, URL */
// Renders the OpenAPI document named by <meta name="kumo-openapi"> (default: this server's
// /openapi.json) with Swagger UI. No request is sent from the page except to read the document
// and, when an operator presses "Try it out", to the API itself.
const meta = document.querySelector('meta[name="kumo-openapi"]');
const url = meta ? meta.getAttribute('content') : new URL('../../openapi.json', window.location.href).href;
window.SwaggerUIBundle({
  url,
  dom_id: '#reference',
  deepLinking: true,
  displayOperationId: true,
  showExtensions: true,
  defaultModelsExpandDepth: 0,
});
