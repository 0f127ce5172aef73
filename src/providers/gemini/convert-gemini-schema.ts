import type { GeminiSchema, GeminiSchemaType } from './gemini-wire.js';

/** A schema (or part of one) that Gemini cannot take; `path` is a JSON pointer into the client's schema. */
export class SchemaConversionError extends Error {
  override name = 'SchemaConversionError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${reason} (at ${path})`);
  }
}

type Json = Record<string, unknown>;

const TYPES: Record<string, GeminiSchemaType> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
  null: 'NULL',
};

/** The only `format`s the API accepts per type; others are a 400 ("only 'enum' and 'date-time' are supported…"). */
const FORMATS: Partial<Record<GeminiSchemaType, readonly string[]>> = {
  STRING: ['enum', 'date-time'],
  INTEGER: ['int32', 'int64'],
  NUMBER: ['float', 'double'],
};

/**
 * Keywords that change what a valid value looks like in a way the model must know and `Schema` cannot say. Everything
 * else Gemini lacks only loosens validation (`additionalProperties`, `uniqueItems`, `multipleOf`…) or is an
 * annotation, and is dropped; unknown keywords are ignored by JSON Schema itself, so dropping them changes nothing.
 */
const UNCONVERTIBLE = ['not', 'if', 'then', 'else', 'dependentSchemas', 'dependencies', 'contains'] as const;

/** Next to an `anyOf`, these say nothing about the members. */
const IGNORED_NEXT_TO_UNION = new Set(['$schema', '$id', '$comment', '$defs', 'definitions', 'default', 'examples', 'example', 'nullable']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const pointer = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * A tool's JSON Schema → Gemini's OpenAPI-subset `Schema` for `functionDeclarations[].parameters`: `$ref`s inlined,
 * `const` → `enum`, `type: [X, "null"]` → `nullable`, `oneOf` → `anyOf`, single-type `allOf`s merged, unsupported
 * formats and validation-only keywords dropped. Returns undefined for a schema with no parameters (the API wants
 * `parameters` left unset then). Throws SchemaConversionError for what cannot be expressed.
 */
export function convertToGeminiSchema(schema: Json): GeminiSchema | undefined {
  const converter = new SchemaConverter(schema);
  const converted = converter.convert(schema, '#', []);
  if (converted.type !== undefined && converted.type !== 'OBJECT') {
    throw new SchemaConversionError('#', `parameters must be an object schema, not ${String(schema.type)}`);
  }
  if (converted.anyOf) throw new SchemaConversionError('#', 'parameters must be a single object schema, not a union');
  // No properties (a free-form root comes back untyped): the API wants `parameters` left unset then.
  if (!converted.properties || Object.keys(converted.properties).length === 0) return undefined;
  return { ...converted, type: 'OBJECT' };
}

class SchemaConverter {
  constructor(private readonly root: Json) {}

  convert(node: unknown, path: string, refs: readonly string[]): GeminiSchema {
    if (node === true) return {};
    if (!isObject(node)) throw new SchemaConversionError(path, node === false ? 'a `false` schema accepts nothing' : 'not a schema object');

    if (typeof node.$ref === 'string') return this.convertRef(node, path, refs);
    for (const keyword of UNCONVERTIBLE) {
      if (node[keyword] !== undefined) throw new SchemaConversionError(pointer(path, keyword), `'${keyword}' cannot be expressed in a Gemini schema`);
    }
    if (Array.isArray(node.allOf)) return this.convert(this.mergeAllOf(node, path, refs), path, refs);
    if (node.prefixItems !== undefined || Array.isArray(node.items)) {
      throw new SchemaConversionError(pointer(path, node.prefixItems !== undefined ? 'prefixItems' : 'items'), 'tuple arrays cannot be expressed in a Gemini schema');
    }
    const union = Array.isArray(node.anyOf) ? 'anyOf' : Array.isArray(node.oneOf) ? 'oneOf' : undefined;
    if (union) return this.convertUnion(node, union, path, refs);
    if (Array.isArray(node.type)) return this.convertTypeList(node, node.type, path, refs);
    return this.convertSingle(node, path, refs);
  }

  private convertSingle(node: Json, path: string, refs: readonly string[]): GeminiSchema {
    const out: GeminiSchema = {};
    let type = this.readType(node.type, path);
    if (type === undefined) type = node.properties !== undefined ? 'OBJECT' : node.items !== undefined ? 'ARRAY' : undefined;

    const values = node.const !== undefined ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
    let hint: string | undefined;
    if (values) {
      const nonNull = values.filter((value) => value !== null);
      if (nonNull.length < values.length) out.nullable = true;
      if (nonNull.every((value) => typeof value === 'string')) {
        // The API keeps `enum` for strings only (it is a repeated string field).
        if (type === undefined || type === 'STRING') {
          type = 'STRING';
          out.enum = nonNull as string[];
        } else {
          hint = `Allowed values: ${nonNull.map((value) => JSON.stringify(value)).join(', ')}.`;
        }
      } else {
        hint = `Allowed values: ${nonNull.map((value) => JSON.stringify(value)).join(', ')}.`;
        if (type === undefined) {
          const kinds = new Set(nonNull.map((value) => (Number.isInteger(value) ? 'INTEGER' : typeof value === 'number' ? 'NUMBER' : typeof value === 'boolean' ? 'BOOLEAN' : 'other')));
          if (kinds.size === 1 && !kinds.has('other')) type = [...kinds][0] as GeminiSchemaType;
        }
      }
    }
    if (type !== undefined) out.type = type;

    if (typeof node.title === 'string') out.title = node.title;
    const description = [typeof node.description === 'string' ? node.description : undefined, hint].filter((text) => text !== undefined && text !== '').join(' ');
    if (description !== '') out.description = description;
    if (node.nullable === true) out.nullable = true;
    if (typeof node.format === 'string' && type !== undefined && FORMATS[type]?.includes(node.format)) out.format = node.format;
    if (node.default !== undefined) out.default = node.default;
    if (node.example !== undefined) out.example = node.example;
    else if (Array.isArray(node.examples) && node.examples.length > 0) out.example = node.examples[0];
    if (typeof node.pattern === 'string') out.pattern = node.pattern;
    for (const key of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
      const value = node[key];
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) out[key] = value;
    }
    this.copyBounds(node, type, out);

    if (type === 'OBJECT' && !(isObject(node.properties) && Object.keys(node.properties).length > 0)) {
      // A free-form object: the API rejects an OBJECT without properties ("should be non-empty for OBJECT type"), so
      // it goes untyped, which lets the model send any object, with a word in the description to say so.
      delete out.type;
      out.description = out.description ? `${out.description} (a JSON object)` : 'A JSON object.';
      return out;
    }
    // `properties` and `items` next to another type are a 400 ("only allowed for OBJECT type"); they mean nothing there.
    if (type === 'OBJECT' && isObject(node.properties)) {
      const properties: Record<string, GeminiSchema> = {};
      for (const [name, child] of Object.entries(node.properties)) {
        properties[name] = this.convert(child, pointer(pointer(path, 'properties'), name), refs);
      }
      out.properties = properties;
      if (Array.isArray(node.required)) {
        // The API rejects a required name that is not a property ("property is not defined").
        const required = node.required.filter((name): name is string => typeof name === 'string' && name in properties);
        if (required.length > 0) out.required = required;
      }
      if (Array.isArray(node.propertyOrdering)) {
        const ordering = node.propertyOrdering.filter((name): name is string => typeof name === 'string' && name in properties);
        if (ordering.length > 0) out.propertyOrdering = ordering;
      }
    }
    if (type === 'ARRAY' && node.items !== undefined) out.items = this.convert(node.items, pointer(path, 'items'), refs);
    return out;
  }

  /** minimum/maximum, with exclusive bounds turned inclusive (exact for integers, a hair looser for numbers). */
  private copyBounds(node: Json, type: GeminiSchemaType | undefined, out: GeminiSchema): void {
    const step = type === 'INTEGER' ? 1 : 0;
    if (typeof node.minimum === 'number') out.minimum = node.minimum + (node.exclusiveMinimum === true ? step : 0);
    if (typeof node.exclusiveMinimum === 'number') out.minimum = Math.max(out.minimum ?? -Infinity, node.exclusiveMinimum + step);
    if (typeof node.maximum === 'number') out.maximum = node.maximum - (node.exclusiveMaximum === true ? step : 0);
    if (typeof node.exclusiveMaximum === 'number') out.maximum = Math.min(out.maximum ?? Infinity, node.exclusiveMaximum - step);
  }

  private readType(type: unknown, path: string): GeminiSchemaType | undefined {
    if (type === undefined) return undefined;
    const mapped = typeof type === 'string' ? TYPES[type.toLowerCase()] : undefined;
    if (!mapped) throw new SchemaConversionError(pointer(path, 'type'), `unknown type ${JSON.stringify(type)}`);
    return mapped;
  }

  /** `type: ["string", "null"]` → nullable STRING; several non-null types → `anyOf`. */
  private convertTypeList(node: Json, types: unknown[], path: string, refs: readonly string[]): GeminiSchema {
    const nonNull = types.filter((type) => type !== 'null');
    const nullable = nonNull.length < types.length;
    if (nonNull.length === 0) return { type: 'NULL' };
    if (nonNull.length === 1) {
      const single = this.convertSingle({ ...node, type: nonNull[0] }, path, refs);
      return nullable ? { ...single, nullable: true } : single;
    }
    const { type: _types, description, title, ...rest } = node;
    const out: GeminiSchema = { anyOf: nonNull.map((type, i) => this.convertSingle({ ...rest, type }, pointer(pointer(path, 'type'), i), refs)) };
    return withAnnotations(out, description, title, nullable);
  }

  /**
   * `anyOf` / `oneOf` (the latter has no Gemini form; anyOf is what the model needs to know). `null` members become
   * `nullable`; keywords next to the union (`{type: "object", anyOf: [...]}`) refine every member, so they move into each.
   */
  private convertUnion(node: Json, key: 'anyOf' | 'oneOf', path: string, refs: readonly string[]): GeminiSchema {
    const { [key]: rawMembers, description, title, ...rest } = node;
    const shared: Json = {};
    for (const [name, value] of Object.entries(rest)) if (!IGNORED_NEXT_TO_UNION.has(name)) shared[name] = value;
    const isNull = (member: unknown) => isObject(member) && (member.type === 'null' || (member.const === null && member.type === undefined));
    const members = (rawMembers as unknown[])
      .map((member, i) => ({ member, i }))
      .filter(({ member }) => !isNull(member))
      .map(({ member, i }) => ({ member: isObject(member) && Object.keys(shared).length > 0 ? { ...shared, ...member } : member, i }));
    const nullable = members.length < (rawMembers as unknown[]).length || rest.nullable === true;
    if (members.length === 0) return withAnnotations({ type: 'NULL' }, description, title, false);
    const convertMember = ({ member, i }: { member: unknown; i: number }) => this.convert(member, pointer(pointer(path, key), i), refs);
    if (members.length === 1) {
      const single = convertMember(members[0]!);
      return withAnnotations(single, description ?? single.description, title ?? single.title, nullable || single.nullable === true);
    }
    return withAnnotations({ anyOf: members.map(convertMember) }, description, title, nullable);
  }

  /** `$ref` to a local definition, inlined; sibling annotations (draft 2019+) override the target's. */
  private convertRef(node: Json, path: string, refs: readonly string[]): GeminiSchema {
    const ref = node.$ref as string;
    if (refs.includes(ref)) throw new SchemaConversionError(pointer(path, '$ref'), `recursive $ref '${ref}' cannot be inlined for Gemini`);
    const target = this.resolve(ref, path);
    // Inside the target, paths point at the definition in the client's schema, which is what the client must fix.
    const converted = this.convert(target, ref, [...refs, ref]);
    return withAnnotations(converted, typeof node.description === 'string' ? node.description : converted.description, typeof node.title === 'string' ? node.title : converted.title, converted.nullable === true || node.nullable === true);
  }

  private resolve(ref: string, path: string): unknown {
    if (!ref.startsWith('#')) throw new SchemaConversionError(pointer(path, '$ref'), `only local $refs can be inlined, not '${ref}'`);
    let target: unknown = this.root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) ? target[key] : Array.isArray(target) ? target[Number(key)] : undefined;
      if (target === undefined) throw new SchemaConversionError(pointer(path, '$ref'), `$ref '${ref}' points at nothing`);
    }
    return target;
  }

  /** `allOf` of one schema, or of object schemas (merged properties and required); anything else cannot be said. */
  private mergeAllOf(node: Json, path: string, refs: readonly string[]): Json {
    const { allOf, ...rest } = node;
    const members = (allOf as unknown[]).map((member, i) => {
      let resolved: unknown = member;
      const seen = [...refs];
      while (isObject(resolved) && typeof resolved.$ref === 'string') {
        const ref: string = resolved.$ref;
        if (seen.includes(ref)) throw new SchemaConversionError(pointer(pointer(path, 'allOf'), i), `recursive $ref '${ref}' cannot be inlined for Gemini`);
        seen.push(ref);
        const { $ref: _ref, ...siblings } = resolved;
        const target = this.resolve(ref, pointer(pointer(path, 'allOf'), i));
        resolved = isObject(target) ? { ...target, ...siblings } : target;
      }
      if (!isObject(resolved)) throw new SchemaConversionError(pointer(pointer(path, 'allOf'), i), 'not a schema object');
      return resolved;
    });
    let merged: Json = { ...rest };
    for (const [i, member] of members.entries()) {
      const memberPath = pointer(pointer(path, 'allOf'), i);
      const mergedType = merged.type;
      if (mergedType !== undefined && member.type !== undefined && JSON.stringify(mergedType) !== JSON.stringify(member.type)) {
        throw new SchemaConversionError(memberPath, 'allOf with different types cannot be expressed in a Gemini schema');
      }
      const properties = isObject(merged.properties) || isObject(member.properties) ? { ...(merged.properties as Json | undefined), ...(member.properties as Json | undefined) } : undefined;
      const required = [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(member.required) ? member.required : [])];
      merged = { ...member, ...merged };
      if (properties) merged.properties = properties;
      if (required.length > 0) merged.required = [...new Set(required)];
      if (Array.isArray(member.allOf)) merged = this.mergeAllOf(merged, memberPath, refs);
    }
    delete merged.allOf;
    return merged;
  }
}

function withAnnotations(schema: GeminiSchema, description: unknown, title: unknown, nullable: boolean): GeminiSchema {
  const out: GeminiSchema = { ...schema };
  if (typeof description === 'string' && description !== '') out.description = description;
  if (typeof title === 'string' && title !== '') out.title = title;
  if (nullable) out.nullable = true;
  return out;
}

/** The JSON Schema keywords `responseJsonSchema` documents (js-genai `GenerationConfig.responseJsonSchema`). */
const RESPONSE_JSON_SCHEMA_KEYWORDS = new Set([
  '$id', '$defs', '$ref', '$anchor', 'type', 'format', 'title', 'description', 'enum', 'items', 'prefixItems', 'minItems',
  'maxItems', 'minimum', 'maximum', 'anyOf', 'oneOf', 'properties', 'additionalProperties', 'required', 'propertyOrdering',
]);

/**
 * A JSON-output schema → what `generationConfig.responseJsonSchema` documents: real JSON Schema, keeping `$ref`/`$defs`
 * (so recursive schemas work) and `additionalProperties`; `definitions` moves to `$defs`, `const` becomes `enum`,
 * a one-member `allOf` is inlined, and other keywords (`$schema`, `strict`, `minLength`…) are dropped.
 */
export function sanitizeResponseJsonSchema(schema: Json): Json {
  return sanitizeJson(schema) as Json;
}

function sanitizeJson(node: unknown): unknown {
  if (!isObject(node)) return node;
  let source = node;
  if (Array.isArray(source.allOf) && source.allOf.length === 1 && isObject(source.allOf[0])) {
    const { allOf, ...rest } = source;
    source = { ...(allOf[0] as Json), ...rest };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'const') {
      if (source.enum === undefined) out.enum = [value];
    } else if (key === 'definitions' || key === '$defs') {
      if (isObject(value)) out.$defs = { ...(out.$defs as Json | undefined), ...mapValues(value, sanitizeJson) };
    } else if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace(/^#\/definitions\//, '#/$defs/');
    } else if (!RESPONSE_JSON_SCHEMA_KEYWORDS.has(key)) {
      continue;
    } else if (key === 'properties' && isObject(value)) {
      out.properties = mapValues(value, sanitizeJson);
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'prefixItems') && Array.isArray(value)) {
      out[key] = value.map(sanitizeJson);
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = sanitizeJson(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function mapValues(record: Json, map: (value: unknown) => unknown): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(record)) out[key] = map(value);
  return out;
}
