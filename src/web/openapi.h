// The OpenAPI 3.1 description of /api/v1/, served at /api/v1/openapi.json.
#ifndef MANRS_SRC_WEB_OPENAPI_H_
#define MANRS_SRC_WEB_OPENAPI_H_

namespace manrs::web {

inline constexpr const char* kOpenApiJson = R"json({
"openapi": "3.1.0",
"info": {"title": "MANRS observatory and participant registry", "version": "1",
  "description": "The JSON twin of every page of manrs serve (doc/web.md). State-changing calls need the session cookie from POST /api/v1/session and its CSRF token in X-CSRF-Token."},
"components": {
  "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "manrs_session"},
                      "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"}},
  "schemas": {
    "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
    "Readiness": {"type": "object", "properties": {"score": {"type": ["number", "null"]}, "label": {"enum": ["ready", "aspiring", "lagging", "unmeasured"]}}},
    "Action": {"enum": ["filtering", "anti_spoofing", "coordination", "global_validation"]},
    "Participant": {"type": "object", "required": ["asn", "declared", "measured", "gaps"], "properties": {
      "asn": {"type": "integer"}, "declared": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}},
      "notes": {"type": "object", "additionalProperties": {"type": "string"}},
      "measured": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Readiness"}},
      "gaps": {"type": "array", "items": {"type": "object", "properties": {"action": {"type": "string"}, "gap": {"type": "string"}}}},
      "rule": {"enum": ["manrs-2014", "manrs-2025"]}, "joined": {"type": "string"}, "updated": {"type": "string"}, "period": {"type": ["object", "null"]}}}
  }
},
"paths": {
  "/api/v1/overview": {"get": {"summary": "ASes measured, readiness per action, incidents by kind, the worst incidents, the trend over stored periods", "responses": {"200": {"description": "overview"}, "404": {"description": "no period stored"}}}},
  "/api/v1/search": {"get": {"summary": "Search by ASN, AS name (PeeringDB), prefix (exact and covering; origin, RPKI and IRR state) or country (the measured ASes whose PeeringDB org is in it)", "parameters": [{"name": "q", "in": "query", "required": false, "schema": {"type": "string", "maxLength": 200}}, {"name": "country", "in": "query", "required": false, "description": "ISO 3166 alpha-2 code, any case (NL); when given, q is not looked at", "schema": {"type": "string", "maxLength": 200}}], "responses": {"200": {"description": "{query, country, kind (asn, prefix, name, country), results: [{asn, name, country, measured} or {prefix, asn, name, rpki, irr}]}"}}}},
  "/api/v1/as/{asn}": {"get": {"summary": "The report of one AS: the object `manrs report ASN --format json` prints", "parameters": [{"name": "asn", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "period", "in": "query", "schema": {"type": "string", "description": "START/END (ISO 8601); default the latest"}}], "responses": {"200": {"description": "report"}, "404": {"description": "not measured"}}}},
  "/api/v1/as/{asn}/history": {"get": {"summary": "Readiness per action in every stored period", "parameters": [{"name": "asn", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {"200": {"description": "history points"}}}},
  "/api/v1/participants": {"get": {"summary": "Every participant, declared beside measured", "responses": {"200": {"description": "list", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Participant"}}}}}}}},
  "/api/v1/participants/{asn}": {
    "get": {"summary": "One participant", "parameters": [{"name": "asn", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {"200": {"description": "participant", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Participant"}}}}, "404": {"description": "not a participant"}}},
    "put": {"summary": "Declare the actions of a proven AS", "security": [{"session": [], "csrf": []}], "parameters": [{"name": "asn", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["actions"], "properties": {"actions": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}}, "notes": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 2000}}}}}}},
      "responses": {"200": {"description": "the participant"}, "403": {"description": "the account has not proven the AS, or CSRF"}, "422": {"description": "the programme rule is broken; error names the reason"}}}},
  "/api/v1/accounts": {"post": {"summary": "Sign up", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["email", "password"], "properties": {"email": {"type": "string"}, "password": {"type": "string", "minLength": 10}}}}}}, "responses": {"201": {"description": "created"}, "409": {"description": "exists"}, "422": {"description": "bad e-mail or weak password"}, "429": {"description": "rate limited; Retry-After"}}}},
  "/api/v1/accounts/password": {"put": {"summary": "Change the password", "security": [{"session": [], "csrf": []}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"password": {"type": "string"}, "new_password": {"type": "string"}}}}}}, "responses": {"200": {"description": "changed"}, "403": {"description": "wrong current password"}}}},
  "/api/v1/session": {
    "post": {"summary": "Log in: sets the session cookie, returns the CSRF token", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"email": {"type": "string"}, "password": {"type": "string"}}}}}}, "responses": {"200": {"description": "{csrf, email}"}, "401": {"description": "wrong e-mail or password"}, "429": {"description": "rate limited; Retry-After"}}},
    "get": {"summary": "The current session", "security": [{"session": []}], "responses": {"200": {"description": "{email, csrf}"}, "401": {"description": "not logged in"}}},
    "delete": {"summary": "Log out", "security": [{"session": [], "csrf": []}], "responses": {"200": {"description": "logged out"}}}},
  "/api/v1/claims": {
    "get": {"summary": "The account's claims", "security": [{"session": []}], "responses": {"200": {"description": "list"}}},
    "post": {"summary": "Claim an ASN: a token to put into the aut-num's remarks: or the PeeringDB notes", "security": [{"session": [], "csrf": []}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["asn"], "properties": {"asn": {"type": ["integer", "string"]}}}}}}, "responses": {"201": {"description": "{asn, token}"}, "403": {"description": "proven by another account"}}}},
  "/api/v1/claims/{asn}/verify": {"post": {"summary": "Look for the token in the loaded IRR snapshot and PeeringDB data", "security": [{"session": [], "csrf": []}], "parameters": [{"name": "asn", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {"200": {"description": "{verified, method: irr | peeringdb | null}"}, "403": {"description": "proven by another account"}, "404": {"description": "no claim"}}}}
}
})json";

}  // namespace manrs::web

#endif  // MANRS_SRC_WEB_OPENAPI_H_
