/**
 * Text the databases can store as it was sent. PostgreSQL's `text` cannot hold U+0000 (an
 * insert fails, which used to answer 500 there while SQLite stored it), and a lone UTF-16
 * surrogate has no UTF-8 form (each driver replaced it with U+FFFD, differently, so what was
 * read back differed from what was written). Such strings are refused with a 400 naming the
 * field, on both databases alike; every other string is stored byte for byte.
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { isStorableText } from '../core/well-formed.ts';

export { isStorableText };

export const ILL_FORMED_MESSAGE = 'must not contain NUL (U+0000) or unpaired surrogates';

type Schema = { items?: Schema; properties?: Record<string, Schema> } | undefined;
type Node = { schema: Schema; value: unknown; path: string };

/**
 * The JSON-pointer path (`/quote/exact`, `` for the root) of the first string or object key in
 * `value` that is not storable text, or undefined. Run after the schema has accepted `value`:
 * subtrees the schema leaves open (`{}`, e.g. a sync mutation's `data`) are skipped, since their
 * own handler validates them later with this same check.
 */
export function illFormedPath(schema: TSchema | undefined, value: unknown): string | undefined {
  const stack: Node[] = [{ schema: schema as Schema, value, path: '' }];
  while (stack.length > 0) {
    const { schema: s, value: v, path } = stack.pop() as Node;
    if (s && Object.keys(s).length === 0) continue;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        stack.push({ schema: s?.items, value: item, path: `${path}/${i}` });
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (!isStorableText(key)) return path;
        stack.push({ schema: s?.properties?.[key], value: item, path: `${path}/${key}` });
      }
    }
  }
  return undefined;
}

/**
 * Wraps a Fastify validator compiler so that a value its schema accepts is also refused when a
 * string in it is not storable text, with a validation error at that string's path.
 */
export function storableTextCompiler(inner: FastifySchemaCompiler<TSchema>) {
  const compile: FastifySchemaCompiler<TSchema> = (route) => {
    const validate = inner(route);
    return (data: unknown) => {
      const result = validate(data) as { value?: unknown; error?: FastifySchemaValidationError[] };
      if (result?.error) return result;
      const value = result && 'value' in result ? result.value : data;
      const path = illFormedPath(route.schema, value);
      if (path === undefined) return result;
      const error: FastifySchemaValidationError = {
        instancePath: path,
        schemaPath: '#/storableText',
        keyword: 'storableText',
        message: ILL_FORMED_MESSAGE,
        params: {},
      };
      return { error: [error] };
    };
  };
  return compile;
}
