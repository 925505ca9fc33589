/**
 * The Kubernetes manifests (docker/k8s, issue #17 item 3), rendered offline with
 * `kubectl kustomize` and checked without a cluster: every object against its API's types and
 * schemas, no Secret in the applied set, hardened workloads, an autoscaler and a disruption budget
 * per service, and NetworkPolicies whose ports are the ports the pods listen on — checked as "can
 * this caller reach that service", on the rendered objects.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RETENTION_POLICY, SIX_FIELD_CRON } from './k8s/cloudnative-pg.types.js';
import {
  K8S_DIR,
  type K8sObject,
  type Pods,
  checkSchemas,
  checkTypes,
  id,
  podsOf,
  policyPortProblems,
  reachable,
  render,
  serviceBackends,
  workloads,
} from './k8s/manifests.js';

const OVERLAYS = ['development', 'production'] as const;
type Overlay = (typeof OVERLAYS)[number];
const cache = new Map<string, K8sObject[]>();
const rendered = (dir: string) => {
  if (!cache.has(dir)) cache.set(dir, render(path.join(K8S_DIR, dir)));
  return cache.get(dir)!;
};
/** An overlay's applied set and its migration Job, as one list (the Job connects to the database). */
const set = (overlay: Overlay) => [
  ...rendered(`overlays/${overlay}`),
  ...rendered(`overlays/${overlay}/migrate`),
];
const find = (objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name}`);
  return o;
};
const podsNamed = (objects: K8sObject[], objectId: string): Pods => {
  const p = podsOf(objects).find((x) => x.id === objectId);
  if (!p) throw new Error(`no pods for ${objectId}`);
  return p;
};

/** Who calls which Service (the ConfigMap's URLs, the DATABASE_URLs and REDIS_URLs). */
const CALLS: [caller: string, service: string, port: number][] = [
  ['Deployment/web', 'gateway', 4000],
  ['Deployment/gateway', 'cases', 4001],
  ['Deployment/gateway', 'referrals', 4002],
  ['Deployment/gateway', 'meetings', 4003],
  ['Deployment/gateway', 'notifications', 4004],
  ['Deployment/cases', 'referrals', 4002],
  ['Deployment/meetings', 'cases', 4001],
  ['Deployment/notifications-api', 'cases', 4001],
  ['Deployment/notifications-worker', 'cases', 4001],
  ...(
    [
      'Deployment/cases',
      'Deployment/referrals',
      'Deployment/meetings',
      'Deployment/notifications-api',
      'Deployment/notifications-worker',
      'Deployment/gateway',
      'Deployment/web',
    ] as const
  ).map((caller): [string, string, number] => [caller, 'redis', 6379]),
];
const DATABASE_CLIENTS = [
  'Deployment/cases',
  'Deployment/referrals',
  'Deployment/meetings',
  'Deployment/notifications-api',
  'Deployment/notifications-worker',
  'Job/scp-migrate',
];
/** Calls that must be refused: a subgraph only from the gateway (or its named caller). */
const REFUSED: [caller: string, service: string, port: number][] = [
  ['Deployment/web', 'cases', 4001],
  ['Deployment/referrals', 'cases', 4001],
  ['Deployment/cases', 'meetings', 4003],
  ['Deployment/notifications-worker', 'notifications', 4004],
  ['Deployment/web', 'notifications', 4004],
];

/** The Secrets a rendering reads, by name (envFrom, env, volumes; the Cluster's bootstrap and roles). */
function secretsRead(objects: K8sObject[]): Set<string> {
  const names = new Set<string>();
  for (const w of workloads(objects)) {
    const spec = w.spec.template.spec;
    for (const c of spec.containers) {
      for (const e of c.envFrom ?? []) if (e.secretRef) names.add(e.secretRef.name);
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) names.add(e.valueFrom.secretKeyRef.name);
    }
    for (const v of spec.volumes ?? []) if (v.secret) names.add(v.secret.secretName);
  }
  for (const c of objects.filter((o) => o.kind === 'Cluster')) {
    const init = c.spec.bootstrap?.initdb ?? c.spec.bootstrap?.recovery;
    if (init?.secret) names.add(init.secret.name);
    for (const r of c.spec.managed?.roles ?? []) if (r.passwordSecret) names.add(r.passwordSecret.name);
  }
  return names;
}
/** Made by CloudNativePG for its Cluster `scp-db`: its CA (only ca.crt is mounted). */
const OPERATOR_MADE = new Set(['scp-db-ca']);

describe.each(OVERLAYS)('docker/k8s/overlays/%s', (overlay) => {
  it('renders offline, and every object matches its API types and schema', async () => {
    const objects = [
      ...set(overlay),
      ...(overlay === 'production' ? rendered('overlays/production/restore') : []),
    ];
    expect(objects.length).toBeGreaterThan(30);
    expect(checkTypes(objects)).toEqual([]);
    expect(await checkSchemas(objects)).toEqual([]);
    // Every object lands in the platform's namespace.
    for (const o of objects.filter((x) => x.kind !== 'Namespace'))
      expect([id(o), o.metadata.namespace]).toEqual([id(o), 'scp']);
  });

  it('applies no Secret: each one read is made outside the set (the store, or kubectl create secret)', () => {
    const objects = set(overlay);
    expect(objects.filter((o) => o.kind === 'Secret').map(id)).toEqual([]);
    const read = [...secretsRead(objects)].filter((n) => !OPERATOR_MADE.has(n)).sort();
    expect(read.length).toBeGreaterThan(15);
    if (overlay === 'production') {
      // The External Secrets Operator makes every one of them.
      const made = objects
        .filter((o) => o.kind === 'ExternalSecret')
        .map((o) => o.spec.target?.name ?? o.metadata.name);
      expect(read.filter((n) => !made.includes(n))).toEqual([]);
    } else {
      // overlays/development/create-secrets.sh creates every one of them (checked below).
      expect(read).toEqual([...createdByScript().keys()].sort());
    }
  });

  it('runs every workload non-root on a read-only root filesystem, with resources and probes', () => {
    const objects = set(overlay);
    const problems: string[] = [];
    for (const w of workloads(objects)) {
      const pod = w.spec.template.spec;
      if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${id(w)}: runAsNonRoot`);
      if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${id(w)}: seccomp`);
      if (pod.automountServiceAccountToken !== false)
        problems.push(`${id(w)}: service account token mounted`);
      for (const c of pod.containers) {
        const where = `${id(w)} ${c.name}`;
        const sc = c.securityContext ?? {};
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem writable`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation`);
        if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities kept`);
        if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
          problems.push(`${where}: resources`);
        if (w.kind === 'Job') continue;
        for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
          const p = c[probe];
          if (!p) {
            problems.push(`${where}: no ${probe}`);
            continue;
          }
          const port = p.httpGet?.port ?? p.tcpSocket?.port;
          const ports: { name?: string; containerPort: number }[] = c.ports ?? [];
          if (port !== undefined && !ports.some((x) => x.name === port || x.containerPort === port))
            problems.push(`${where}: ${probe} on port ${port}, which the container does not name`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps an autoscaler and a disruption budget for every service', () => {
    const objects = set(overlay);
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
      'cases',
      'gateway',
      'meetings',
      'notifications-api',
      'notifications-worker',
      'referrals',
      'web',
    ]);
    for (const d of deployments) {
      const labels = d.spec.template.metadata.labels;
      const pdbs = objects.filter(
        (o) =>
          o.kind === 'PodDisruptionBudget' &&
          Object.entries(o.spec.selector.matchLabels).every(([k, v]) => labels[k] === v),
      );
      expect([id(d), pdbs.length]).toEqual([id(d), 1]);
      // The worker scales by hand: CPU says little about queue depth (base/notifications.yaml).
      if (d.metadata.name === 'notifications-worker') continue;
      const hpas = objects.filter(
        (o) =>
          o.kind === 'HorizontalPodAutoscaler' &&
          o.spec.scaleTargetRef.kind === 'Deployment' &&
          o.spec.scaleTargetRef.name === d.metadata.name,
      );
      expect([id(d), hpas.length]).toEqual([id(d), 1]);
      const [hpa] = hpas;
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      if (overlay === 'production') {
        expect([id(d), hpa.spec.minReplicas >= 2, pdbs[0].spec.minAvailable]).toEqual([id(d), true, 1]);
      }
    }
  });

  it('has NetworkPolicies whose ports are the ports of the pods they guard or reach', () => {
    expect(policyPortProblems(set(overlay))).toEqual([]);
  });

  it('lets each caller reach the services it calls, on their ports, and nothing else', () => {
    const objects = set(overlay);
    const refused: string[] = [];
    for (const [caller, service, port] of CALLS)
      for (const backend of serviceBackends(objects, service, port))
        if (!reachable(objects, podsNamed(objects, caller), backend.pods, backend.port))
          refused.push(`${caller} → ${service}:${port}`);
    const db = podsNamed(objects, 'Cluster/scp-db');
    for (const caller of DATABASE_CLIENTS)
      if (!reachable(objects, podsNamed(objects, caller), db, 5432)) refused.push(`${caller} → scp-db:5432`);
    expect(refused).toEqual([]);
    const allowed = REFUSED.filter(([caller, service, port]) =>
      serviceBackends(objects, service, port).some((b) =>
        reachable(objects, podsNamed(objects, caller), b.pods, b.port),
      ),
    );
    expect(allowed).toEqual([]);
  });

  it("points the ConfigMap's in-cluster URLs at Services and ports that exist", () => {
    const objects = set(overlay);
    const config = find(objects, 'ConfigMap', 'scp-config').data as Record<string, string>;
    const urls = Object.entries(config).filter(([, v]) => /^https?:\/\/[a-z-]+\.scp\.svc/.test(v));
    // The four subgraphs, the two internal endpoints, the gateway for the web server.
    expect(urls.length).toBe(7);
    for (const [key, value] of urls) {
      const url = new URL(value);
      expect([
        key,
        serviceBackends(objects, url.hostname.split('.')[0], Number(url.port)).length > 0,
      ]).toEqual([key, true]);
    }
    // Documents are in S3 in every overlay.
    expect([config.DOCUMENT_STORE, Boolean(config.DOCUMENT_S3_BUCKET)]).toEqual(['s3', true]);
  });
});

describe('docker/k8s/overlays/production', () => {
  const objects = () => set('production');

  it("builds the services' URLs on Services, ports and egress rules that exist", () => {
    const all = objects();
    const defaults: Record<string, number> = {
      postgres: 5432,
      redis: 6379,
      rediss: 6379,
      smtp: 587,
      smtps: 465,
    };
    const problems: string[] = [];
    for (const es of all.filter((o) => o.kind === 'ExternalSecret')) {
      const readers = workloads(all).filter((w) =>
        (w.spec.template.spec.containers as { envFrom?: { secretRef?: { name: string } }[] }[]).some((c) =>
          (c.envFrom ?? []).some((e) => e.secretRef?.name === es.spec.target.name),
        ),
      );
      for (const [key, template] of Object.entries(es.spec.target.template?.data ?? {}) as [
        string,
        string,
      ][]) {
        // Template placeholders stand in for the credentials.
        const match = /^([a-z]+):\/\/(?:[^@/]*@)?([^:/?]+)(?::(\d+))?/.exec(template);
        if (!match) continue;
        const [, scheme, host, explicit] = match;
        const port = explicit ? Number(explicit) : defaults[scheme];
        const where = `${id(es)} ${key}`;
        const name = host.split('.')[0];
        let backends: { pods: Pods; port: number }[];
        if (host.endsWith('.svc') || host.endsWith('.svc.cluster.local')) {
          const cluster = all.find((o) => o.kind === 'Cluster' && `${o.metadata.name}-rw` === name);
          try {
            backends = cluster
              ? [{ pods: podsNamed(all, id(cluster)), port }]
              : serviceBackends(all, name, port);
          } catch (error) {
            problems.push(`${where}: ${(error as Error).message}`);
            continue;
          }
          if (cluster && port !== 5432) problems.push(`${where}: PostgreSQL listens on 5432, not ${port}`);
        } else {
          // Outside the cluster (the SMTP relay): an egress rule of the readers must allow the port.
          backends = [
            { pods: { id: host, labels: {}, ports: [{ containerPort: port }], external: true }, port },
          ];
        }
        for (const reader of readers)
          for (const b of backends)
            if (!reachable(all, podsNamed(all, id(reader)), b.pods, b.port))
              problems.push(`${where}: ${id(reader)} may not reach ${host}:${port}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('backs PostgreSQL up nightly and continuously, and restores to a point in time', () => {
    const all = objects();
    const cluster = find(all, 'Cluster', 'scp-db');
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(3);
    const archiver = cluster.spec.plugins.find((p: { isWALArchiver?: boolean }) => p.isWALArchiver);
    const store = find(all, 'ObjectStore', archiver.parameters.barmanObjectName);
    expect(store.spec.retentionPolicy).toMatch(RETENTION_POLICY);
    const backup = all.find((o) => o.kind === 'ScheduledBackup')!;
    expect(backup.spec).toMatchObject({
      cluster: { name: 'scp-db' },
      method: 'plugin',
      pluginConfiguration: { name: archiver.name },
    });
    expect(backup.spec.schedule).toMatch(SIX_FIELD_CRON);

    const [restore] = rendered('overlays/production/restore');
    expect(restore.spec.bootstrap.recovery.recoveryTarget.targetTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    const source = restore.spec.externalClusters.find(
      (c: { name: string }) => c.name === restore.spec.bootstrap.recovery.source,
    );
    expect(source.plugin.parameters).toEqual({ barmanObjectName: store.metadata.name, serverName: 'scp-db' });
    // The restored cluster archives under its own name: the original timeline is never overwritten.
    const restoreArchiver = restore.spec.plugins.find((p: { isWALArchiver?: boolean }) => p.isWALArchiver);
    expect(restoreArchiver.parameters.serverName).toBe(restore.metadata.name);
  });

  it('routes the platform address to the web server, and nothing else', () => {
    const all = objects();
    const ingresses = all.filter((o) => o.kind === 'Ingress');
    const backends = ingresses.flatMap((i) =>
      (
        i.spec.rules as {
          http: { paths: { backend: { service: { name: string; port: { number: number } } } }[] };
        }[]
      )
        .flatMap((r) => r.http.paths)
        .map((p) => p.backend.service),
    );
    expect(backends.map((b) => b.name)).toEqual(['web']);
    for (const b of backends)
      expect(serviceBackends(all, b.name, b.port.number).map((x) => x.pods.id)).toEqual(['Deployment/web']);
  });

  it("pulls released images from the registry, never a development or 'latest' tag", () => {
    const images = workloads(objects()).flatMap((w) =>
      (w.spec.template.spec.containers as { image: string }[]).map((c) => c.image),
    );
    const ours = images.filter((i) => i.includes('/scp/'));
    expect(ours.length).toBe(8);
    for (const image of ours) expect(image).toMatch(/^registry\.[^/]+\/scp\/[a-z]+:(?!dev$|latest$)[\w.-]+$/);
  });
});

/**
 * Runs overlays/development/create-secrets.sh against a stand-in kubectl that records each Secret
 * (name, type, keys and values) instead of talking to a cluster.
 */
let scriptRun: Map<string, { type?: string; data: Record<string, string> }> | undefined;
function createdByScript() {
  if (scriptRun) return scriptRun;
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-kubectl-'));
  const log = path.join(bin, 'secrets.jsonl');
  fs.writeFileSync(
    path.join(bin, 'kubectl'),
    `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
if (args[0] === 'get') process.exit(1);
if (args.join(' ').startsWith('create namespace')) process.exit(0);
const [ns, scp, create, secret, generic, name, ...rest] = args;
if ([ns, scp, create, secret, generic].join(' ') !== '-n scp create secret generic') process.exit(2);
const entry = { name, data: {} };
for (const a of rest) {
  const [flag, value] = a.split(/=(.*)/s);
  if (flag === '--type') entry.type = value;
  const [key, source] = value.split(/=(.*)/s);
  if (flag === '--from-file') entry.data[key] = fs.readFileSync(source, 'utf8');
  if (flag === '--from-literal') entry.data[key] = source;
}
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(entry) + '\\n');
`,
    { mode: 0o755 },
  );
  const out = execFileSync('bash', [path.join(K8S_DIR, 'overlays/development/create-secrets.sh')], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      SMTP_URL: 'smtp://dev:dev-only@smtp.dev.example.invalid:587',
    },
  });
  expect(out).toMatch(/done \(21 Secrets/);
  scriptRun = new Map(
    fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; type?: string; data: Record<string, string> })
      .map(({ name, ...rest }) => [name, rest]),
  );
  fs.rmSync(bin, { recursive: true });
  return scriptRun;
}

describe('docker/k8s/overlays/development/create-secrets.sh', () => {
  it('makes matching key pairs and passwords, each private key for its one signer', () => {
    const secrets = createdByScript();
    const value = (name: string, key: string) => {
      const v = secrets.get(name)?.data[key];
      if (!v) throw new Error(`${name} has no ${key}`);
      return v;
    };
    const publicOf = (pem: string) =>
      createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'pem' }).toString();
    for (const [privateSecret, privateKey, publicSecret, publicKey] of [
      ['scp-gateway-keys', 'INTERNAL_JWT_PRIVATE_KEY', 'scp-internal-public-key', 'INTERNAL_JWT_PUBLIC_KEY'],
      [
        'scp-cases-service-key',
        'CASES_SERVICE_PRIVATE_KEY',
        'scp-referrals-callers',
        'REFERRALS_SERVICE_CALLER_KEYS',
      ],
      [
        'scp-meetings-service-key',
        'MEETINGS_SERVICE_PRIVATE_KEY',
        'scp-cases-callers',
        'CASES_SERVICE_CALLER_KEYS',
      ],
      [
        'scp-notifications-service-key',
        'NOTIFICATIONS_SERVICE_PRIVATE_KEY',
        'scp-cases-notifications-callers',
        'CASES_NOTIFICATIONS_CALLER_KEYS',
      ],
      ['scp-web-runtime', 'WEB_SERVICE_PRIVATE_KEY', 'scp-gateway-web-callers', 'GATEWAY_WEB_CALLER_KEYS'],
    ]) {
      const pem = value(privateSecret, privateKey);
      expect(createPrivateKey(pem).asymmetricKeyType).toBe('ed25519');
      expect(publicOf(pem)).toBe(value(publicSecret, publicKey));
    }
    // Five distinct pairs.
    const privates = [...secrets.values()].flatMap((s) =>
      Object.entries(s.data)
        .filter(([k]) => k.endsWith('PRIVATE_KEY'))
        .map(([, v]) => v),
    );
    expect(new Set(privates).size).toBe(5);

    // Each service's DATABASE_URL carries its login's password, as the Cluster's role Secret does.
    for (const service of ['cases', 'referrals', 'meetings', 'notifications']) {
      const role = secrets.get(`scp-db-${service}`)!;
      expect(role.type).toBe('kubernetes.io/basic-auth');
      const url = new URL(value(`scp-${service}-runtime`, 'DATABASE_URL'));
      expect([url.username, url.password]).toEqual([role.data.username, role.data.password]);
      expect(url.password).toMatch(/^[0-9a-f]{64}$/);
      expect(url.host).toBe('scp-db-rw.scp.svc:5432');
      expect(url.searchParams.get('sslmode')).toBe('verify-full');
      expect(new URL(value(`scp-${service}-runtime`, 'REDIS_URL')).password).toBe(
        value('scp-redis', 'REDIS_PASSWORD'),
      );
    }
    const owner = new URL(value('scp-migrations', 'DATABASE_URL'));
    expect([owner.username, owner.password]).toEqual([
      'scp_owner',
      secrets.get('scp-db-owner')!.data.password,
    ]);
    expect(value('scp-notifications-runtime', 'SMTP_URL')).toBe(
      'smtp://dev:dev-only@smtp.dev.example.invalid:587',
    );
  });
});

describe('the checks reject a broken manifest', () => {
  const deployment = () => structuredClone(find(set('production'), 'Deployment', 'cases'));

  it('a misspelt field, a wrong type, a missing required field', async () => {
    const misspelt = deployment();
    misspelt.spec.replica = 2;
    expect(checkTypes([misspelt]).join('\n')).toMatch(/Deployment\/cases: .*"replica"/);

    const wrongType = deployment();
    wrongType.spec.template.spec.containers[0].ports[0].containerPort = '4001';
    expect(checkTypes([wrongType]).join('\n')).toMatch(/Deployment\/cases: .*string.*number/);
    expect((await checkSchemas([wrongType])).join('\n')).toMatch(/containerPort must be integer/);

    const noSelector = deployment();
    delete noSelector.spec.selector;
    expect((await checkSchemas([noSelector])).join('\n')).toMatch(
      /Deployment\/cases: \/spec must have required property '?selector/,
    );

    const cluster = () => structuredClone(find(set('production'), 'Cluster', 'scp-db'));
    const misspeltCluster = cluster();
    misspeltCluster.spec.instance = 3;
    expect(checkTypes([misspeltCluster]).join('\n')).toMatch(/Cluster\/scp-db: .*"instance"/);
    const badValue = cluster();
    badValue.spec.managed.roles[1].ensure = 'exists';
    expect(checkTypes([badValue]).join('\n')).toMatch(/Cluster\/scp-db: .*"exists".*not assignable/);

    const unknown = { apiVersion: 'example.invalid/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(checkTypes([unknown])).toEqual(['Widget/w: no model for example.invalid/v1 Widget']);
  });

  it('a NetworkPolicy port that the pods do not listen on (Redis on 6380)', () => {
    const all = structuredClone(set('production'));
    const egress = find(all, 'NetworkPolicy', 'notifications-egress');
    for (const rule of egress.spec.egress)
      for (const p of rule.ports ?? []) if (p.port === 6379) p.port = 6380;
    expect(policyPortProblems(all)).toEqual([
      'NetworkPolicy/notifications-egress: egress port 6380 is no container port of StatefulSet/redis',
    ]);
    const redis = serviceBackends(all, 'redis', 6379)[0];
    expect(reachable(all, podsNamed(all, 'Deployment/notifications-worker'), redis.pods, redis.port)).toBe(
      false,
    );
    expect(reachable(all, podsNamed(all, 'Deployment/cases'), redis.pods, redis.port)).toBe(true);
  });
});
