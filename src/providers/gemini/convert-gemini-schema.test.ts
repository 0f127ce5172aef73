import { describe, expect, it } from 'vitest';
import { protoParseErrors, SCHEMA } from '../../../test/fakes/fake-gemini-proto.js';
import { validateGenerateContent } from '../../../test/fakes/fake-gemini-validation.js';
import { convertToGeminiSchema, SchemaConversionError, sanitizeResponseJsonSchema } from './convert-gemini-schema.js';

function conversionError(schema: Record<string, unknown>): SchemaConversionError {
  try {
    convertToGeminiSchema(schema);
  } catch (error) {
    if (error instanceof SchemaConversionError) return error;
    throw error;
  }
  throw new Error('expected a SchemaConversionError');
}

describe('convertToGeminiSchema', () => {
  it('converts a zod / OpenAI-strict style schema into the typed subset the API parses', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      properties: {
        city: { type: 'string', description: 'City name', minLength: 1 },
        unit: { type: ['string', 'null'], enum: ['celsius', 'fahrenheit', null] },
        mode: { const: 'fast' },
        url: { type: 'string', format: 'uri' },
        when: { type: 'string', format: 'date-time' },
        days: { type: 'integer', exclusiveMinimum: 0, maximum: 14, multipleOf: 1 },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 5 },
        level: { type: 'integer', enum: [1, 2, 3], description: 'Detail level.' },
        meta: { type: 'object', propertyNames: { pattern: '^x' }, additionalProperties: { type: 'string' } },
      },
      required: ['city', 'unit', 'ghost'],
      'x-vendor': true,
    };
    const converted = convertToGeminiSchema(schema);
    expect(converted).toEqual({
      type: 'OBJECT',
      properties: {
        city: { type: 'STRING', description: 'City name', minLength: 1 },
        unit: { type: 'STRING', enum: ['celsius', 'fahrenheit'], nullable: true },
        mode: { type: 'STRING', enum: ['fast'] },
        url: { type: 'STRING' },
        when: { type: 'STRING', format: 'date-time' },
        days: { type: 'INTEGER', minimum: 1, maximum: 14 },
        tags: { type: 'ARRAY', items: { type: 'STRING' }, maxItems: 5 },
        level: { type: 'INTEGER', description: 'Detail level. Allowed values: 1, 2, 3.' },
        meta: { description: 'A JSON object.' },
      },
      required: ['city', 'unit'],
    });
    expect(protoParseErrors(converted, SCHEMA)).toEqual([]);
    // The fake applies the API's semantic schema rules too (formats, enums, required names, empty objects).
    const body = { contents: [{ role: 'user', parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: [{ name: 't', parameters: converted }] }] };
    expect(validateGenerateContent(body, { model: 'gemini-2.5-flash', issuedSignatures: new Set() })).toBeNull();
    expect(validateGenerateContent({ ...body, tools: [{ functionDeclarations: [{ name: 't', parameters: { ...converted, properties: { ...converted?.properties, meta: { type: 'OBJECT' } } } }] }] }, {
      model: 'gemini-2.5-flash', issuedSignatures: new Set(),
    })?.message).toBe('* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties[meta].properties: should be non-empty for OBJECT type');
  });

  it('inlines local $refs ($defs and definitions) with sibling descriptions, and folds single-member and object allOfs', () => {
    const converted = convertToGeminiSchema({
      type: 'object',
      $defs: { address: { type: 'object', properties: { street: { type: 'string' } }, required: ['street'] } },
      definitions: { id: { type: 'string', description: 'An id' } },
      properties: {
        home: { $ref: '#/$defs/address', description: 'Where they live' },
        owner: { $ref: '#/definitions/id' },
        both: { allOf: [{ $ref: '#/$defs/address' }, { properties: { zip: { type: 'string' } }, required: ['zip'] }] },
      },
    });
    expect(converted?.properties).toEqual({
      home: { type: 'OBJECT', description: 'Where they live', properties: { street: { type: 'STRING' } }, required: ['street'] },
      owner: { type: 'STRING', description: 'An id' },
      both: { type: 'OBJECT', properties: { street: { type: 'STRING' }, zip: { type: 'STRING' } }, required: ['street', 'zip'] },
    });
  });

  it('turns oneOf/anyOf into anyOf, a null member into nullable, and several types into anyOf', () => {
    const converted = convertToGeminiSchema({
      type: 'object',
      properties: {
        a: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'maybe a string' },
        b: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        c: { type: ['string', 'integer'] },
        d: { type: 'object', properties: { kind: { type: 'string' } }, anyOf: [{ required: ['kind'] }, { properties: { n: { type: 'number' } } }] },
      },
    });
    expect(converted?.properties).toEqual({
      a: { type: 'STRING', description: 'maybe a string', nullable: true },
      b: { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] },
      c: { anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }] },
      d: {
        anyOf: [
          { type: 'OBJECT', properties: { kind: { type: 'STRING' } }, required: ['kind'] },
          { type: 'OBJECT', properties: { n: { type: 'NUMBER' } } },
        ],
      },
    });
    expect(protoParseErrors(converted, SCHEMA)).toEqual([]);
  });

  it('leaves parameters out for a tool without any', () => {
    expect(convertToGeminiSchema({ type: 'object', properties: {} })).toBeUndefined();
    expect(convertToGeminiSchema({ type: 'object', additionalProperties: true })).toBeUndefined();
    expect(convertToGeminiSchema({})).toBeUndefined();
  });

  it('sends free-form objects untyped (an OBJECT needs properties) and drops properties/items next to other types', () => {
    const converted = convertToGeminiSchema({
      type: 'object',
      properties: {
        options: { type: 'object', description: 'Extra options', additionalProperties: { type: 'string' } },
        name: { type: 'string', properties: { bogus: { type: 'string' } }, items: { type: 'string' } },
        list: { type: 'array', items: { type: 'object' } },
      },
    });
    expect(converted?.properties).toEqual({
      options: { description: 'Extra options (a JSON object)' },
      name: { type: 'STRING' },
      list: { type: 'ARRAY', items: { description: 'A JSON object.' } },
    });
  });

  it.each([
    [{ type: 'object', properties: { node: { $ref: '#' } } }, '#/properties/node/$ref', "recursive $ref '#' cannot be inlined for Gemini"],
    [{ type: 'object', $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } }, properties: { root: { $ref: '#/$defs/node' } } }, '#/$defs/node/properties/child/$ref', "recursive $ref '#/$defs/node' cannot be inlined for Gemini"],
    [{ type: 'object', properties: { x: { $ref: 'https://example.com/s.json' } } }, '#/properties/x/$ref', "only local $refs can be inlined, not 'https://example.com/s.json'"],
    [{ type: 'object', properties: { x: { $ref: '#/$defs/missing' } } }, '#/properties/x/$ref', "$ref '#/$defs/missing' points at nothing"],
    [{ type: 'object', properties: { x: { type: 'string', not: { const: 'a' } } } }, '#/properties/x/not', "'not' cannot be expressed in a Gemini schema"],
    [{ type: 'object', properties: { p: { type: 'array', prefixItems: [{ type: 'number' }] } } }, '#/properties/p/prefixItems', 'tuple arrays cannot be expressed in a Gemini schema'],
    [{ type: 'object', properties: { x: { allOf: [{ type: 'string' }, { type: 'number' }] } } }, '#/properties/x/allOf/1', 'allOf with different types cannot be expressed in a Gemini schema'],
    [{ type: 'object', properties: { 'a/b': { type: 'text' } } }, '#/properties/a~1b/type', 'unknown type "text"'],
    [{ type: 'array', items: { type: 'string' } }, '#', 'parameters must be an object schema, not array'],
  ])('rejects what it cannot express, naming the path: %j', (schema, path, reason) => {
    const error = conversionError(schema);
    expect(error.path).toBe(path);
    expect(error.reason).toBe(reason);
  });
});

describe('sanitizeResponseJsonSchema', () => {
  it('keeps real JSON Schema ($ref, $defs, additionalProperties, type lists) and drops what the API does not document', () => {
    expect(sanitizeResponseJsonSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      strict: true,
      definitions: { node: { type: 'object', properties: { next: { $ref: '#/definitions/node' } } } },
      properties: {
        root: { $ref: '#/definitions/node' },
        name: { type: ['string', 'null'], minLength: 1 },
        kind: { const: 'tree' },
        wrapped: { allOf: [{ type: 'integer' }], description: 'one member' },
      },
      required: ['root', 'name', 'kind'],
    })).toEqual({
      type: 'object',
      additionalProperties: false,
      $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } },
      properties: {
        root: { $ref: '#/$defs/node' },
        name: { type: ['string', 'null'] },
        kind: { enum: ['tree'] },
        wrapped: { type: 'integer', description: 'one member' },
      },
      required: ['root', 'name', 'kind'],
    });
  });
});
