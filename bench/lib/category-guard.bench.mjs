// The benchmark's stand-in for libs/platform/graphql's category-guard module, put in its place in
// .bench-build/ only (bench-build.mjs): production source has no guard bypass at all.
//
// Inside `withGuardBypass(fn)` (bench/lib/stack.mjs starts its second cases service so), a schema
// gets a stub that checks nothing but still records each read for the audit log, so the bench can
// price the authorization alone (performance.md ii-a). Outside it, the real guards apply.
import { defaultFieldResolver, isObjectType } from 'graphql';
import { accessOf } from '@scp/platform-access';
import { baseCategory } from './decorators.js';
import * as guarded from './category-guard.guarded.js';

export * from './category-guard.guarded.js';

/** Marks this module as the bench's (bench/run.mjs checks the loaded guard is this one). */
export const BENCH_GUARD_STUB = true;

const BYPASS = Symbol.for('scp.bench.guardBypass');

export async function withGuardBypass(fn) {
  globalThis[BYPASS] = true;
  try {
    return await fn();
  } finally {
    globalThis[BYPASS] = false;
  }
}

export function applyCategoryGuards(schema) {
  if (globalThis[BYPASS] !== true) return guarded.applyCategoryGuards(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const key = field.extensions?.category;
      if (!key || guarded.UNAUDITED.has(baseCategory(key))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const view = accessOf(source);
        if (view) context.audit?.read(view, baseCategory(key));
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
