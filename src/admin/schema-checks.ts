/**
 * Compile-time checks that a zod schema and a contract type in admin-api-types.ts describe the same thing, so the
 * OpenAPI document (generated from the schemas) cannot drift from the types the web UI compiles against.
 */
export type Assert<T extends true> = T;

/** The schema's output can be used as the contract type, and it has every key of the contract type. */
export type Covers<SchemaOutput, Contract> = [SchemaOutput] extends [Contract]
  ? [Exclude<keyof Contract, keyof SchemaOutput>] extends [never]
    ? true
    : false
  : false;

/** Mutually assignable: what responses must satisfy (the schema documents exactly the contract type). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
