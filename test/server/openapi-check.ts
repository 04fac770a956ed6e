// Responses checked against the OpenAPI document the server serves: the response schema of a path, method and
// status, compiled by Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) with the document's components for $refs.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is read loosely here.
type Doc = any;

export function createResponseChecker(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const cache = new Map<string, ReturnType<Ajv2020['compile']>>();
  return (method: string, path: string, status: number, body: unknown): string[] => {
    const key = `${method} ${path} ${status}`;
    let validate = cache.get(key);
    if (!validate) {
      const schema =
        doc.paths?.[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema;
      if (!schema) return [`${key} is not documented`];
      validate = ajv.compile({ ...schema, components: doc.components });
      cache.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath} ${e.message}`);
  };
}
