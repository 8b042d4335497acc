/** A JSON Schema node of the OpenAPI document (the subset Kumo's document uses). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

/** One parameter of an operation. */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** One operation of the OpenAPI document, as the fuzzer calls it. */
export interface Operation {
  id: string;
  method: string;
  /** OpenAPI path, e.g. `/v1/wallet/{slot}`. */
  path: string;
  params: Parameter[];
  body?: Schema;
  /** Needs a bearer token. */
  secured: boolean;
  /** Needs an admin token (else a player's). */
  admin: boolean;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

/** Every operation of an OpenAPI 3.1 document, `$ref`s resolved (one level of components is all Kumo uses). */
export function operationsOf(document: { paths: Record<string, Record<string, OpenApiOperation>>; components?: { schemas?: Record<string, Schema> } }): Operation[] {
  const schemas = document.components?.schemas ?? {};
  const deref = (schema: Schema | undefined, depth = 0): Schema | undefined => {
    if (!schema || depth > 8) return schema;
    if (schema.$ref) return deref(schemas[schema.$ref.split('/').at(-1)!], depth + 1);
    const out: Schema = { ...schema };
    if (schema.items) out.items = deref(schema.items, depth + 1);
    if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, value]) => [name, deref(value, depth + 1)!]));
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) if (schema[key]) out[key] = schema[key]!.map((part) => deref(part, depth + 1)!);
    return out;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      id: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      params: (operation.parameters ?? []).map((param) => ({ ...param, required: Boolean(param.required), schema: deref(param.schema) ?? {} })),
      body: deref(operation.requestBody?.content?.['application/json']?.schema),
      secured: (operation.security ?? []).length > 0,
      admin: path.startsWith('/v1/admin/'),
    })),
  );
}
