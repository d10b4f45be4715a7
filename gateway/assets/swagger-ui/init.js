// Starts Swagger UI on the Lead Provider API's contract (served by the gateway itself).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/docs/v3/swagger.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
