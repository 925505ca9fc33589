import { Kind, parse, type ConstValueNode } from 'graphql';

export interface SubgraphEntry {
  name: string;
  url: string;
}

function stringArg(value: ConstValueNode | undefined): string | undefined {
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/**
 * The subgraphs a composed supergraph names: the values of its `join__Graph` enum,
 * `CASES @join__graph(name: "cases", url: "http://…/graphql")`.
 */
export function readSubgraphs(supergraphSdl: string): SubgraphEntry[] {
  const doc = parse(supergraphSdl, { noLocation: true });
  const graphEnum = doc.definitions.find(
    (d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph',
  );
  if (!graphEnum || graphEnum.kind !== Kind.ENUM_TYPE_DEFINITION)
    throw new Error('not a federation 2 supergraph (no join__Graph enum)');
  const entries: SubgraphEntry[] = [];
  for (const value of graphEnum.values ?? []) {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const name = stringArg(directive?.arguments?.find((a) => a.name.value === 'name')?.value);
    const url = stringArg(directive?.arguments?.find((a) => a.name.value === 'url')?.value) ?? '';
    if (!name) throw new Error(`join__Graph.${value.name.value} has no name`);
    entries.push({ name, url });
  }
  return entries;
}
