// The Lead Provider API contract (the OpenAPI document the gateway serves) as validators: every
// response the suite sees is checked against the schema the contract gives for its operation
// and status. Formats follow lead-provider-api.md §2.3: date-times are UTC, whole seconds, "Z".
import Ajv from "ajv";
import YAML from "yaml";

const ERROR_SCHEMAS = {
  400: "BadRequestResponse",
  401: "UnauthorisedResponse",
  404: "NotFoundResponse",
  422: "UnprocessableContentResponse",
};

// OpenAPI 3.0's `nullable: true` admits null; Ajv applies it to `type` only, so a nullable
// `enum` (working_pattern, evidence_held, ...) gets null added explicitly.
function allowNullEnums(node) {
  if (Array.isArray(node)) {
    node.forEach(allowNullEnums);
  } else if (node && typeof node === "object") {
    if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null)) {
      node.enum.push(null);
    }
    Object.values(node).forEach(allowNullEnums);
  }
  return node;
}

export async function loadContract(gatewayUrl) {
  const response = await fetch(`${gatewayUrl}/api/docs/v3/swagger.yaml`);
  if (response.status !== 200) throw new Error(`contract: GET swagger.yaml answered ${response.status}`);
  const document = YAML.parse(await response.text());
  return new Contract(document);
}

export class Contract {
  constructor(document) {
    this.document = document;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    this.ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    this.ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Local $refs ("#/components/schemas/X") resolve inside this one schema document.
    this.ajv.addSchema({ $id: "contract", components: allowNullEnums(structuredClone(document.components)) },
                       "contract");
    this.validators = new Map();
    // Literal segments first, so /participants/transfers wins over /participants/{id}.
    this.operations = [];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation || typeof operation !== "object" || !operation.responses) continue;
        const pattern = new RegExp(
          "^" + template.replace(/\{[^}]+\}/g, "[^/]+").replace(/\//g, "\\/") + "$");
        this.operations.push({ method: method.toUpperCase(), template, pattern, operation,
                               params: (template.match(/\{/g) || []).length });
      }
    }
    this.operations.sort((a, b) => a.params - b.params);
  }

  operationFor(method, path) {
    return this.operations.find((o) => o.method === method && o.pattern.test(path));
  }

  validatorFor(ref) {
    if (!this.validators.has(ref)) {
      this.validators.set(ref, this.ajv.compile({ $ref: `contract${ref}` }));
    }
    return this.validators.get(ref);
  }

  // The schema reference ("#/components/schemas/X") for a response, or null when the contract
  // has none for it.
  schemaRefFor(method, path, status) {
    const found = this.operationFor(method, path);
    const documented = found?.operation.responses?.[String(status)];
    const ref = documented?.content?.["application/json"]?.schema?.$ref;
    if (ref) return ref;
    if (ERROR_SCHEMAS[status]) return `#/components/schemas/${ERROR_SCHEMAS[status]}`;
    return null;
  }

  // Problems with one response (empty when it conforms): `method`, `path` (no query), `status`,
  // `contentType` and the raw `text`.
  check({ method, path, status, contentType, text }) {
    if (status === 429) {
      return contentType === "text/plain" && text === "Retry later\n"
        ? [] : [`429 must be text/plain "Retry later\\n", got ${contentType} ${JSON.stringify(text)}`];
    }
    const ref = this.schemaRefFor(method, path, status);
    if (!ref) return [`${method} ${path} answered ${status}, which the contract does not describe`];
    if (!/^application\/json/.test(contentType || "")) {
      return [`${method} ${path} ${status}: content type ${contentType}, not JSON`];
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${method} ${path} ${status}: body is not JSON: ${text.slice(0, 200)}`];
    }
    const validate = this.validatorFor(ref);
    if (validate(body)) return [];
    return validate.errors.map(
      (e) => `${method} ${path} ${status} vs ${ref}: ${e.instancePath || "/"} ${e.message}`);
  }
}
