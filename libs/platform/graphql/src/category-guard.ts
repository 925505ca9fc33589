import { defaultFieldResolver, GraphQLObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { PURPOSE_REQUIRED, type DataCategory } from '@scp/contracts';
import { accessOf } from '@scp/platform-access';
import { AppError, badInput, forbidden, markAudited } from './errors.js';
import { baseCategory, type CategoryExtension } from './decorators.js';
import type { RequestAudit } from './request-audit.js';
import { requirePurpose } from './purpose.js';

export interface GuardContext {
  audit?: RequestAudit;
}

/** A stated purpose: the reason's label, ": ", and up to PURPOSE_MAX_LENGTH characters of text. */
export const MAX_PURPOSE_LENGTH = 600;

/**
 * One immutable FORBIDDEN error per category, made once: a page of 50 rows can deny hundreds of
 * fields, and capturing a stack trace for each dominated the cost of authorization (bench ii).
 * graphql-js wraps it in a located error per path, reusing this error's stack.
 */
const FORBIDDEN_READS = new Map<string, AppError>();
function forbiddenRead(category: string): AppError {
  let error = FORBIDDEN_READS.get(category);
  if (!error) {
    // Recorded per record through `audit.denied` (one event per entity, not per field).
    error = markAudited(forbidden(`Not permitted to read ${category}`, { category }));
    Object.freeze(error.extensions);
    FORBIDDEN_READS.set(category, error);
  }
  return error;
}

/**
 * Field reads not logged one by one: the directory (no case content), and the audit log, whose
 * queries record one SEARCH event each rather than an event per event read.
 */
export const UNAUDITED: ReadonlySet<string> = new Set(['DIR', 'D23']);

/**
 * Wraps every field that declares a data category with a synchronous check against the
 * categories its parent object carries (computed once per row by the service). A field the
 * reader may not see resolves to null with a FORBIDDEN error on its path; the message names the
 * category, never the stored value. This is the single choke point for field reads, `_entities`
 * included, because it lives in the schema rather than in any one resolver.
 */
export function applyCategoryGuards(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    guardType(type);
  }
  return schema;
}

function guardType(type: GraphQLObjectType): void {
  for (const field of Object.values(type.getFields())) {
    const ext = field.extensions as Partial<CategoryExtension> | undefined;
    if (!ext?.category) continue;
    const key = ext.category;
    const category = baseCategory(key);
    const purposeMode = ext.purpose;
    if (PURPOSE_REQUIRED.has(category as DataCategory) && !purposeMode)
      throw new Error(`${type.name}.${field.name} holds ${category}: it must take or inherit a purpose`);
    if (
      purposeMode === 'arg' &&
      !['reason', 'purpose'].every((name) => field.args.some((a) => a.name === name))
    )
      throw new Error(`${type.name}.${field.name} must take reason and purpose arguments`);
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context: GuardContext, info) => {
      const view = accessOf(source);
      if (!view || !view.fields.has(key)) {
        if (view && !UNAUDITED.has(category)) context.audit?.denied(view, category as DataCategory);
        throw forbiddenRead(category);
      }
      let purpose: string | undefined;
      const refuse = (error: Error): never => {
        context.audit?.refused(
          view,
          [category as DataCategory],
          `reading ${category} without a reason and a purpose`,
        );
        throw markAudited(error);
      };
      if (purposeMode === 'arg') {
        try {
          purpose = requirePurpose(args.reason, args.purpose);
        } catch (error) {
          refuse(error as Error);
        }
      } else if (purposeMode) {
        purpose = view.purpose;
        if (!purpose)
          return refuse(badInput(`Reading ${category} requires a reason and a purpose`, 'purpose'));
        if (purpose.length > MAX_PURPOSE_LENGTH) throw badInput('Purpose is too long', 'purpose');
      }
      if (!UNAUDITED.has(category))
        context.audit?.read(view, category as DataCategory, purpose ?? view.purpose);
      return resolve(source, args, context, info);
    };
  }
}

/** Fields that neither declare a category nor say they are public (the surface test uses this). */
export function undeclaredFields(schema: GraphQLSchema, ignoreTypes: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || ignoreTypes.has(type.name)) continue;
    const root = type === schema.getQueryType() || type === schema.getMutationType();
    for (const field of Object.values(type.getFields())) {
      const ext = field.extensions as Record<string, unknown>;
      if (root ? !ext?.policy : !ext?.category && !ext?.public) out.push(`${type.name}.${field.name}`);
    }
  }
  return out;
}

/**
 * undeclaredFields for a federation subgraph: the `_Service` type and the `_entities` and
 * `_service` root fields are federation's own (the gateway alone may call `_entities`).
 */
export function undeclaredSubgraphFields(schema: GraphQLSchema): string[] {
  return undeclaredFields(schema, new Set(['_Service'])).filter(
    (f) => !['Query._entities', 'Query._service'].includes(f),
  );
}
