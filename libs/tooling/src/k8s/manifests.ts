/**
 * Offline checks of the Kubernetes manifests (docker/k8s), used by k8s-manifests.spec.ts:
 * - render: `kubectl kustomize` (no cluster needed);
 * - checkTypes: every object against its API's declared types (kubernetes-models for Kubernetes
 *   and External Secrets, ./cloudnative-pg.types.ts for CloudNativePG) with the TypeScript
 *   compiler, so an unknown or misspelt field, a wrong type or a missing required field is an error;
 * - checkSchemas: the Kubernetes and External Secrets objects against their OpenAPI schemas
 *   (kubernetes-models' compiled validators: formats, enums, required fields);
 * - the model of which pod may reach which port (services, NetworkPolicies) that the spec uses.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../../..');
export const K8S_DIR = path.join(REPO_ROOT, 'docker/k8s');

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML is untyped until checked */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [k: string]: any };
  [k: string]: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export const id = (o: K8sObject): string => `${o.kind}/${o.metadata?.name}`;

/** Renders a kustomization with the machine's kubectl; a clear failure when there is none. */
export function render(dir: string): K8sObject[] {
  let out: string;
  try {
    out = execFileSync('kubectl', ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(
        'kubectl is not on PATH: these tests render docker/k8s with `kubectl kustomize` (no cluster ' +
          'needed). Install kubectl (the node-svc machine image has it).',
      );
    throw new Error(`kubectl kustomize ${path.relative(REPO_ROOT, dir)} failed:\n${e.stderr ?? e.message}`);
  }
  return parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o != null);
}

interface Model {
  /** The module (from libs/tooling/src/k8s) declaring the type, and the class that validates. */
  module: string;
  type: string;
  cls?: string;
}
const kubernetes = (group: string, kind: string): Model => ({
  module: `kubernetes-models/${group}/${kind}`,
  type: `I${kind}`,
  cls: kind,
});
const CNPG = './cloudnative-pg.types.js';
/** apiVersion/kind → its types. An object of any other kind is an error: add its model here. */
export const MODELS: Record<string, Model> = {
  'v1/Namespace': kubernetes('v1', 'Namespace'),
  'v1/ConfigMap': kubernetes('v1', 'ConfigMap'),
  'v1/Service': kubernetes('v1', 'Service'),
  'v1/ServiceAccount': kubernetes('v1', 'ServiceAccount'),
  'v1/PersistentVolumeClaim': kubernetes('v1', 'PersistentVolumeClaim'),
  'v1/Secret': kubernetes('v1', 'Secret'),
  'apps/v1/Deployment': kubernetes('apps/v1', 'Deployment'),
  'apps/v1/StatefulSet': kubernetes('apps/v1', 'StatefulSet'),
  'batch/v1/Job': kubernetes('batch/v1', 'Job'),
  'policy/v1/PodDisruptionBudget': kubernetes('policy/v1', 'PodDisruptionBudget'),
  'autoscaling/v2/HorizontalPodAutoscaler': kubernetes('autoscaling/v2', 'HorizontalPodAutoscaler'),
  'networking.k8s.io/v1/NetworkPolicy': kubernetes('networking.k8s.io/v1', 'NetworkPolicy'),
  'networking.k8s.io/v1/Ingress': kubernetes('networking.k8s.io/v1', 'Ingress'),
  'external-secrets.io/v1/ExternalSecret': {
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret',
    type: 'IExternalSecret',
    cls: 'ExternalSecret',
  },
  'postgresql.cnpg.io/v1/Cluster': { module: CNPG, type: 'ICluster' },
  'postgresql.cnpg.io/v1/ScheduledBackup': { module: CNPG, type: 'IScheduledBackup' },
  'barmancloud.cnpg.io/v1/ObjectStore': { module: CNPG, type: 'IObjectStore' },
};
const modelOf = (o: K8sObject): Model | undefined => MODELS[`${o.apiVersion}/${o.kind}`];

/**
 * Type-checks the objects: one generated TypeScript module (never written to disk) that assigns
 * each object, as a literal, to a constant of its API type. Returns one line per problem.
 */
export function checkTypes(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const imports = new Map<string, string>();
  const lines: string[] = [];
  const starts: number[] = [];
  objects.forEach((o, i) => {
    const model = modelOf(o);
    if (!model) {
      problems.push(`${id(o)}: no model for ${o.apiVersion} ${o.kind}`);
      return;
    }
    const alias = `T${imports.size}`;
    const key = `${model.module}#${model.type}`;
    if (!imports.has(key)) imports.set(key, alias);
    starts[i] = lines.length;
    lines.push(...`export const o${i}: ${imports.get(key)} = ${JSON.stringify(o, null, 1)};`.split('\n'));
  });
  const header = [...imports].map(([key, alias]) => {
    const [module, type] = key.split('#');
    return `import type { ${type} as ${alias} } from '${module}';`;
  });
  const file = path.join(here, '__rendered_manifests__.ts');
  const text = [...header, ...lines].join('\n');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    path.resolve(name) === file
      ? ts.createSourceFile(name, text, language)
      : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const owner = (line: number) => {
    let found = -1;
    starts.forEach((start, i) => {
      if (start !== undefined && start <= line - header.length) found = i;
    });
    return found >= 0 ? id(objects[found]) : '(imports)';
  };
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
    problems.push(`${owner(line)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return problems;
}

/** Validates each Kubernetes / External Secrets object against its OpenAPI schema. */
export async function checkSchemas(objects: K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of objects) {
    const model = modelOf(o);
    if (!model?.cls) continue;
    const mod = (await import(model.module)) as Record<string, new (data: unknown) => { validate(): void }>;
    try {
      new mod[model.cls](structuredClone(o)).validate();
    } catch (error) {
      const e = error as Error & { errors?: { instancePath?: string; message?: string }[] };
      const detail = e.errors?.map((x) => `${x.instancePath} ${x.message}`).join('; ') ?? e.message;
      problems.push(`${id(o)}: ${detail}`);
    }
  }
  return problems;
}

// ── pods, selectors, ports ──

interface Port {
  name?: string;
  containerPort: number;
}
/** A set of pods the rendering makes: a workload's template, or a CloudNativePG cluster's instances. */
export interface Pods {
  id: string;
  labels: Record<string, string>;
  ports: Port[];
  /** A server outside the cluster (no ingress policy of ours applies to it). */
  external?: boolean;
}

type LabelSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok =
      e.operator === 'In'
        ? has && (e.values ?? []).includes(labels[e.key])
        : e.operator === 'NotIn'
          ? !has || !(e.values ?? []).includes(labels[e.key])
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job', 'DaemonSet']);
export const workloads = (objects: K8sObject[]): K8sObject[] => objects.filter((o) => WORKLOADS.has(o.kind));

/**
 * The pod sets of a rendering. A CloudNativePG Cluster's instances are made by the operator, with
 * the operator's fixed ports: PostgreSQL 5432, the instance manager's status 8000, metrics 9187.
 */
export function podsOf(objects: K8sObject[]): Pods[] {
  const pods: Pods[] = workloads(objects).map((w) => ({
    id: id(w),
    labels: w.spec.template.metadata?.labels ?? {},
    ports: (w.spec.template.spec.containers as { ports?: Port[] }[]).flatMap((c) => c.ports ?? []),
  }));
  for (const c of objects.filter((o) => o.kind === 'Cluster'))
    pods.push({
      id: id(c),
      labels: { 'cnpg.io/cluster': c.metadata.name, 'cnpg.io/podRole': 'instance' },
      ports: [
        { name: 'postgresql', containerPort: 5432 },
        { name: 'status', containerPort: 8000 },
        { name: 'metrics', containerPort: 9187 },
      ],
    });
  return pods;
}

/** A NetworkPolicy port (number or container port name) on these pods, as a number; else undefined. */
export const resolvePort = (pods: Pods, port: number | string): number | undefined =>
  typeof port === 'number'
    ? pods.ports.find((p) => p.containerPort === port)?.containerPort
    : pods.ports.find((p) => p.name === port)?.containerPort;

type PolicyPeer = { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: unknown };
type PolicyRule = {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: { port?: number | string; protocol?: string }[];
};

/** An in-namespace peer: a podSelector alone (a namespaceSelector names other namespaces here). */
const peerSelects = (peer: PolicyPeer, pods: Pods) =>
  !pods.external && !peer.namespaceSelector && !peer.ipBlock && selects(peer.podSelector, pods.labels);
const rulePortAdmits = (rule: PolicyRule, target: Pods, port: number) =>
  !rule.ports ||
  rule.ports.some(
    (p) => p.port === undefined || (p.port !== undefined && resolvePort(target, p.port) === port),
  );
const policiesOn = (objects: K8sObject[], pods: Pods, type: 'Ingress' | 'Egress') =>
  objects.filter(
    (o) =>
      o.kind === 'NetworkPolicy' &&
      (o.spec.policyTypes ?? ['Ingress']).includes(type) &&
      selects(o.spec.podSelector, pods.labels),
  );

/** Whether the NetworkPolicies let `from` open a TCP connection to `to` on a container port. */
export function reachable(objects: K8sObject[], from: Pods, to: Pods, port: number): boolean {
  const ingress = to.external ? [] : policiesOn(objects, to, 'Ingress');
  const inOk =
    ingress.length === 0 ||
    ingress.some((pol) =>
      ((pol.spec.ingress ?? []) as PolicyRule[]).some(
        (rule) =>
          (!rule.from || rule.from.some((peer) => peerSelects(peer, from))) && rulePortAdmits(rule, to, port),
      ),
    );
  const egress = policiesOn(objects, from, 'Egress');
  const outOk =
    egress.length === 0 ||
    egress.some((pol) =>
      ((pol.spec.egress ?? []) as PolicyRule[]).some(
        (rule) =>
          (!rule.to || rule.to.some((peer) => peerSelects(peer, to))) && rulePortAdmits(rule, to, port),
      ),
    );
  return inOk && outOk;
}

/** Every NetworkPolicy port that names no port of the pods it guards or reaches, and every selector that selects nothing. */
export function policyPortProblems(objects: K8sObject[]): string[] {
  const pods = podsOf(objects);
  const problems: string[] = [];
  const matching = (selector: LabelSelector | undefined) => pods.filter((p) => selects(selector, p.labels));
  for (const pol of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const guarded = matching(pol.spec.podSelector);
    const everyPod = Object.keys(pol.spec.podSelector ?? {}).length === 0;
    if (!everyPod && guarded.length === 0) problems.push(`${id(pol)}: its podSelector selects no pod`);
    for (const rule of (pol.spec.ingress ?? []) as PolicyRule[]) {
      for (const peer of rule.from ?? [])
        if (peer.podSelector && !peer.namespaceSelector && matching(peer.podSelector).length === 0)
          problems.push(`${id(pol)}: an ingress peer selects no pod (${JSON.stringify(peer.podSelector)})`);
      for (const p of rule.ports ?? [])
        for (const target of everyPod ? [] : guarded)
          if (p.port !== undefined && resolvePort(target, p.port) === undefined)
            problems.push(`${id(pol)}: ingress port ${p.port} is no container port of ${target.id}`);
    }
    for (const rule of (pol.spec.egress ?? []) as PolicyRule[])
      for (const peer of rule.to ?? []) {
        if (!peer.podSelector || peer.namespaceSelector) continue;
        const targets = matching(peer.podSelector);
        if (targets.length === 0)
          problems.push(`${id(pol)}: an egress peer selects no pod (${JSON.stringify(peer.podSelector)})`);
        for (const p of rule.ports ?? [])
          for (const target of targets)
            if (p.port !== undefined && resolvePort(target, p.port) === undefined)
              problems.push(`${id(pol)}: egress port ${p.port} is no container port of ${target.id}`);
      }
  }
  return problems;
}

/** A Service's port, resolved to the container port of each pod set behind it. */
export function serviceBackends(
  objects: K8sObject[],
  name: string,
  port: number,
): { pods: Pods; port: number }[] {
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === name);
  if (!svc) throw new Error(`no Service ${name}`);
  const sp = (svc.spec.ports as { port: number; targetPort?: number | string }[]).find(
    (p) => p.port === port,
  );
  if (!sp) throw new Error(`Service ${name} has no port ${port}`);
  const backends = podsOf(objects).filter((p) => selects({ matchLabels: svc.spec.selector }, p.labels));
  if (backends.length === 0) throw new Error(`Service ${name} selects no pod`);
  return backends.map((pods) => {
    const target = resolvePort(pods, sp.targetPort ?? sp.port);
    if (target === undefined)
      throw new Error(`Service ${name}:${port} targets no container port of ${pods.id}`);
    return { pods, port: target };
  });
}
