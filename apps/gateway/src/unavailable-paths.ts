import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** More fields than this fail in one fetch: the rest share the errors already listed. */
export const MAX_UNAVAILABLE_PATHS = 100;

/** The response names a selection set asks for, through inline fragments and fragment spreads. */
function responseNames(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  out: Set<string>,
  seen = new Set<string>(),
): Set<string> {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const name = sel.alias?.value ?? sel.name.value;
      if (name !== '__typename') out.add(name);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      responseNames(sel.selectionSet, fragments, out, seen);
    } else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = fragments.get(sel.name.value);
      if (fragment) responseNames(fragment.selectionSet, fragments, out, seen);
    }
  }
  return out;
}

/**
 * The paths, relative to the fetch, of the fields a subgraph fetch was to fill, for errors the
 * gateway reports itself when the subgraph cannot be reached. Apollo Gateway puts such errors on
 * the request's path: a root fetch's `["cases"]` becomes `["cases"]`, an entity fetch's
 * `["_entities", 3, "referrals"]` becomes the fourth entity's `referrals` (e.g.
 * `["cases", 3, "referrals"]`). Without a path a client cannot tell which nulls are the outage's.
 * Empty when the document cannot be read (the caller then reports one error without a path).
 */
export function fetchErrorPaths(
  query: string | undefined,
  variables: Record<string, unknown> | undefined,
): Array<Array<string | number>> {
  let document: DocumentNode;
  try {
    document = parse(query ?? '', { noLocation: true });
  } catch {
    return [];
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) operation ??= def;
  }
  if (!operation) return [];
  const paths: Array<Array<string | number>> = [];
  const representations = variables?.representations;
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind === Kind.FIELD && sel.name.value === '_entities' && Array.isArray(representations)) {
      const fields = sel.selectionSet ? [...responseNames(sel.selectionSet, fragments, new Set())] : [];
      for (let i = 0; i < representations.length; i++)
        for (const field of fields) paths.push([sel.alias?.value ?? '_entities', i, field]);
    }
  }
  if (!Array.isArray(representations))
    for (const name of responseNames(operation.selectionSet, fragments, new Set())) paths.push([name]);
  return paths.slice(0, MAX_UNAVAILABLE_PATHS);
}
