/**
 * The routes' validator compiler: TypeBox, as `@fastify/type-provider-typebox`'s
 * `TypeBoxValidatorCompiler` does it (params, querystring and headers are converted to the
 * schema's types, bodies are not), except that a value which already matches is accepted as it
 * is, without the conversion pass. Conversion only changes what does not match (a union already
 * matched, a string where a string is wanted, … are returned unchanged), so the outcome is the
 * same; the pass it saves walked every request's params on the hottest routes.
 *
 * A request without a body (none sent, or an empty one under `Content-Type: application/json`,
 * see `json-body.ts`) meets a body schema as `{}` when the schema admits `{}`: a route whose body is all optional fields
 * (`POST /v1/notifications/read`) works without one, and one that needs fields names them.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/** Compiles `schema` once; the validator checks first and converts only what fails the check. */
export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value: unknown) => {
    if (check.Check(value)) return { value };
    // Fastify hands a missing body over as null (a JSON `null` body reads the same).
    if (value == null && httpPart === 'body' && check.Check({})) return { value: {} };
    const converted = httpPart === 'body' ? value : Value.Convert(schema, value);
    if (check.Check(converted)) return { value: converted };
    return { error: check.Errors(converted) };
  };
};
