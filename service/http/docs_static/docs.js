/*
 * herald's API page (GET /docs, service/http/docs.py): starts Swagger UI on the served openapi.yaml.
 *
 * A served file, not an inline script: the page's Content-Security-Policy allows scripts from 'self'
 * only.  When the document answers 401 (API keys are on), a small form asks for a key; the document
 * is then loaded with it (X-API-Key) and Swagger UI's apiKeyHeader scheme is pre-authorized with it,
 * so "Try it out" sends it too.  The key lives in this page's memory only, never in storage.
 */
(function () {
  "use strict";

  var root = document.getElementById("swagger-ui");
  var specUrl = root.getAttribute("data-spec-url");
  var form = document.getElementById("herald-key");
  var input = document.getElementById("herald-key-input");
  var error = document.getElementById("herald-key-error");
  var apiKey = "";
  var started = false;

  function sameOrigin(url) {
    try {
      return new URL(url, window.location.href).origin === window.location.origin;
    } catch (ignored) {
      return false;
    }
  }

  /* Every request of Swagger UI (the document and "Try it out"): the key, to this service only. */
  function addKey(request) {
    if (apiKey && sameOrigin(request.url) && !request.headers["X-API-Key"]) {
      request.headers["X-API-Key"] = apiKey;
    }
    return request;
  }

  function start() {
    if (started) {
      return;
    }
    started = true;
    var ui = window.SwaggerUIBundle({
      url: specUrl,
      dom_id: "#swagger-ui",
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      deepLinking: true,
      // No call to validator.swagger.io (the default): nothing leaves this service.
      validatorUrl: null,
      displayRequestDuration: true,
      defaultModelsExpandDepth: 0,
      requestInterceptor: addKey,
      onComplete: function () {
        if (apiKey) {
          ui.preauthorizeApiKey("apiKeyHeader", apiKey);
        }
      }
    });
    window.ui = ui;
  }

  /* Load the document once without a key: a 401 means keys are on, so ask for one. */
  function probe() {
    var headers = apiKey ? { "X-API-Key": apiKey } : {};
    window.fetch(specUrl, { headers: headers, credentials: "same-origin", cache: "no-store" }).then(
      function (response) {
        if (response.status === 401) {
          form.hidden = false;
          error.textContent = apiKey ? "That key was refused." : "";
          input.focus();
          return;
        }
        form.hidden = true;
        start();
      },
      start // a network error: Swagger UI shows its own message
    );
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apiKey = input.value.trim();
    probe();
  });
  probe();
})();
