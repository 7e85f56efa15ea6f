// The API's interactive documentation: Swagger UI from the copy installed with the package, reading
// this server's OpenAPI document, so that it draws with no internet and under the pages' strict policy.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    onComplete: () => { document.body.dataset.drawing = "ready"; },
  });
});
