// The read API's documentation: Swagger UI (from our own static files) on the OpenAPI document whose URL the
// page gives. The browser's session authenticates "Try it out"; scripts send a personal access token.
const root = document.getElementById('swagger-ui')
window.SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  domNode: root,
  deepLinking: true,
  tryItOutEnabled: true,
  validatorUrl: null
})
