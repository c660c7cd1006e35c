// Checks the deployment files (docs/operations.md, "Deploying"):
//
//   npm run lint:deploy     (node tools/deploy-files/check-deploy-files.ts [K8S_DIR COMPOSE_FILE DOCKERFILE])
//
// - deploy/k8s/*.yaml against the Kubernetes OpenAPI schemas of kubernetes-models (required fields,
//   types, formats), strictly (a field Kubernetes does not know is an error, as kubeconform -strict),
//   and against the rules of this platform (explicit image tags, probes, limits, non-root, read-only
//   root, every referenced Secret and ConfigMap key defined);
// - deploy/compose/compose.yaml against the Compose Specification's JSON schema (dclint);
// - deploy/docker/Dockerfile: multi-stage on node:24, a non-root user in the final stage.
//
// Run by Node 24 itself (ES module, type stripping): kubernetes-models ships ES modules only. Exits 1
// with one line per problem. Schemas come from the installed packages; nothing is fetched.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DCLinter } from 'dclint';
import ts from 'typescript';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly doc: Record<string, unknown>;
}

type ModelClass = new (data: unknown) => { validate(): void };
type Obj = Record<string, unknown>;

const loadManifests = (dir: string): { manifests: Manifest[]; problems: string[] } => {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const document of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (document.errors.length > 0) {
        problems.push(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      const doc: unknown = document.toJS();
      if (doc === null) continue;
      const { apiVersion, kind, metadata } = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: Obj };
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
        problems.push(`${file}: a document without apiVersion or kind`);
        continue;
      }
      manifests.push({ file, apiVersion, kind, name: String(metadata?.['name']), doc: doc as Obj });
    }
  }
  return { manifests, problems };
};

/** `networking.k8s.io/v1` + `NetworkPolicy` → the module `kubernetes-models/networking.k8s.io/v1/NetworkPolicy`. */
const moduleOf = (m: Pick<Manifest, 'apiVersion' | 'kind'>): string =>
  `kubernetes-models/${m.apiVersion.includes('/') ? m.apiVersion : `v1`}/${m.kind}`.replace(
    /^kubernetes-models\/v1\/v1\//,
    'kubernetes-models/v1/',
  );

/** Only the models the manifests use: the package's index loads every schema of Kubernetes. */
const loadModels = async (manifests: readonly Manifest[]): Promise<Map<string, ModelClass>> => {
  const loaded = new Map<string, ModelClass>();
  for (const m of manifests) {
    const module = moduleOf(m);
    if (loaded.has(module) || !/^[\w./-]+$/.test(module)) continue;
    try {
      const exported = (await import(module)) as Record<string, ModelClass | undefined>;
      const Model = exported[m.kind];
      if (Model) loaded.set(module, Model);
    } catch {
      // An unknown apiVersion or kind: reported by schemaProblems.
    }
  }
  return loaded;
};

const where = (m: Manifest): string => `${m.file}: ${m.kind} ${m.name}`;

const schemaProblems = (manifests: readonly Manifest[], loaded: Map<string, ModelClass>): string[] =>
  manifests.flatMap((m) => {
    const Model = loaded.get(moduleOf(m));
    if (!Model) return [`${where(m)}: unknown ${m.apiVersion}/${m.kind}`];
    try {
      new Model(m.doc).validate();
      return [];
    } catch (error) {
      return [`${where(m)}: ${error instanceof Error ? error.message : String(error)}`];
    }
  });

/**
 * Kubernetes' schemas allow unknown fields, which the API server drops (`replica: 2` makes a
 * Deployment of one). Each document becomes an object literal typed with kubernetes-models'
 * interface, and TypeScript's excess-property check names every field Kubernetes does not know.
 */
const unknownFieldProblems = (
  manifests: readonly Manifest[],
  loaded: Map<string, ModelClass>,
  root: string,
): string[] => {
  const known = manifests.filter((m) => loaded.has(moduleOf(m)));
  if (known.length === 0) return [];
  const virtual = join(root, 'tools/deploy-files/__manifests__.ts');
  const lines = known.map((m, i) => `import type { I${m.kind} as T${i} } from '${moduleOf(m)}';`);
  const starts: number[] = [];
  known.forEach((m, i) => {
    starts.push(lines.length);
    lines.push(...`export const m${i}: T${i} = ${JSON.stringify(m.doc, null, 1)};`.split('\n'));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, create) =>
    fileName === virtual ? ts.createSourceFile(fileName, source, language) : read(fileName, language, onError, create);
  const exists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === virtual || exists(fileName);
  const program = ts.createProgram([virtual], options, host);
  const file = program.getSourceFile(virtual);
  return program.getSemanticDiagnostics(file).map((d) => {
    const line = d.start === undefined || !file ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
    let owner: Manifest | undefined;
    starts.forEach((start, i) => {
      if (start <= line) owner = known[i];
    });
    return `${owner ? where(owner) : 'deploy/k8s'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
};

interface Container {
  name?: string;
  image?: string;
  command?: string[];
  resources?: { requests?: Obj; limits?: Obj };
  securityContext?: Obj;
  livenessProbe?: { httpGet?: { path?: string } };
  readinessProbe?: { httpGet?: { path?: string } };
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: Ref; configMapKeyRef?: Ref } }[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
}
interface Ref {
  name: string;
  key: string;
}
interface PodSpec {
  containers?: Container[];
  securityContext?: Obj;
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  volumes?: {
    name: string;
    secret?: { secretName: string; items?: { key: string }[] };
    configMap?: { name: string };
  }[];
}

const podOf = (m: Manifest): { spec: PodSpec; labels: Obj } | undefined => {
  if (m.kind !== 'Deployment' && m.kind !== 'Job') return undefined;
  const template = (m.doc['spec'] as { template?: { spec?: PodSpec; metadata?: { labels?: Obj } } } | undefined)
    ?.template;
  return { spec: template?.spec ?? {}, labels: template?.metadata?.labels ?? {} };
};

/** What this platform asks of its workloads beyond the schema. */
const platformProblems = (manifests: readonly Manifest[]): string[] => {
  const problems: string[] = [];
  const data = new Map<string, Set<string>>();
  for (const m of manifests.filter((x) => x.kind === 'Secret' || x.kind === 'ConfigMap')) {
    const keys = [
      ...Object.keys((m.doc['data'] as Obj | undefined) ?? {}),
      ...Object.keys((m.doc['stringData'] as Obj | undefined) ?? {}),
    ];
    data.set(`${m.kind}/${m.name}`, new Set(keys));
  }
  const needKey = (m: Manifest, kind: 'Secret' | 'ConfigMap', name: string, key?: string): void => {
    const keys = data.get(`${kind}/${name}`);
    if (!keys) problems.push(`${where(m)}: refers to ${kind} ${name}, which no manifest defines`);
    else if (key !== undefined && !keys.has(key)) problems.push(`${where(m)}: ${kind} ${name} has no key ${key}`);
  };
  for (const m of manifests) {
    const pod = podOf(m);
    if (!pod) continue;
    const { spec } = pod;
    if (spec.securityContext?.['runAsNonRoot'] !== true)
      problems.push(`${where(m)}: pod securityContext.runAsNonRoot is not true`);
    if (spec.automountServiceAccountToken !== false)
      problems.push(`${where(m)}: automountServiceAccountToken is not false`);
    if (!spec.containers?.length) problems.push(`${where(m)}: no containers`);
    for (const c of spec.containers ?? []) {
      const at = `${where(m)}: container ${c.name}`;
      if (!c.image) problems.push(`${at}: no image`);
      else if (!/:[\w][\w.-]*$/.test(c.image) || c.image.endsWith(':latest'))
        problems.push(`${at}: image ${c.image} has no explicit tag`);
      for (const side of ['requests', 'limits'] as const)
        for (const resource of ['cpu', 'memory'])
          if (c.resources?.[side]?.[resource] === undefined) problems.push(`${at}: no resources.${side}.${resource}`);
      if (c.securityContext?.['allowPrivilegeEscalation'] !== false)
        problems.push(`${at}: allowPrivilegeEscalation is not false`);
      if (c.securityContext?.['readOnlyRootFilesystem'] !== true)
        problems.push(`${at}: readOnlyRootFilesystem is not true`);
      for (const e of c.env ?? []) {
        const secret = e.valueFrom?.secretKeyRef;
        const config = e.valueFrom?.configMapKeyRef;
        if (secret) needKey(m, 'Secret', secret.name, secret.key);
        if (config) needKey(m, 'ConfigMap', config.name, config.key);
      }
      for (const from of c.envFrom ?? []) {
        if (from.secretRef) needKey(m, 'Secret', from.secretRef.name);
        if (from.configMapRef) needKey(m, 'ConfigMap', from.configMapRef.name);
      }
    }
    for (const v of spec.volumes ?? []) {
      if (v.secret)
        for (const item of v.secret.items ?? [{ key: undefined }]) needKey(m, 'Secret', v.secret.secretName, item.key);
      if (v.configMap) needKey(m, 'ConfigMap', v.configMap.name);
    }
  }
  const deployment = (name: string) => manifests.find((m) => m.kind === 'Deployment' && m.name === name);
  const api = deployment('fallverbund-api');
  if (!api) problems.push('no Deployment fallverbund-api');
  else {
    const spec = api.doc['spec'] as { replicas?: number };
    if ((spec.replicas ?? 1) < 2) problems.push(`${where(api)}: fewer than 2 replicas`);
    const pod = podOf(api)!.spec;
    const c = pod.containers?.[0];
    if (c?.livenessProbe?.httpGet?.path !== '/api/health/live')
      problems.push(`${where(api)}: liveness probe is not GET /api/health/live`);
    if (c?.readinessProbe?.httpGet?.path !== '/api/health/ready')
      problems.push(`${where(api)}: readiness probe is not GET /api/health/ready`);
    if (pod.terminationGracePeriodSeconds === undefined)
      problems.push(`${where(api)}: no terminationGracePeriodSeconds`);
  }
  const relay = deployment('fallverbund-relay');
  if (((relay?.doc['spec'] as { replicas?: number } | undefined)?.replicas ?? 0) < 2)
    problems.push('the relay Deployment has fewer than 2 replicas');
  const job = manifests.find((m) => m.kind === 'Job');
  if (!job || !podOf(job)?.spec.containers?.[0]?.command?.includes('apps/api/src/migrate.ts'))
    problems.push('no Job runs apps/api/src/migrate.ts');
  // Selectors of Services and PodDisruptionBudgets select some workload's pods.
  const podLabels = manifests.flatMap((m) => (podOf(m) ? [podOf(m)!.labels] : []));
  for (const m of manifests.filter((x) => x.kind === 'Service' || x.kind === 'PodDisruptionBudget')) {
    const spec = m.doc['spec'] as { selector?: Obj & { matchLabels?: Obj } };
    const selector = m.kind === 'Service' ? spec.selector : spec.selector?.matchLabels;
    const selects = podLabels.some((labels) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v));
    if (!selector || !selects) problems.push(`${where(m)}: its selector matches no pod template`);
  }
  // Placeholders only: a real key in git is a leaked key.
  for (const m of manifests.filter((x) => x.kind === 'Secret')) {
    for (const [key, value] of Object.entries({
      ...((m.doc['data'] as Obj | undefined) ?? {}),
      ...((m.doc['stringData'] as Obj | undefined) ?? {}),
    }))
      if (!String(value).includes('REPLACE')) problems.push(`${where(m)}: ${key} is not a REPLACE… placeholder`);
  }
  return problems;
};

const composeProblems = (file: string): string[] => {
  // Schema validation is dclint's own; its style rules (key order and the like) are not ours.
  const linter = new DCLinter({
    rules: {
      'no-build-and-image': 0,
      'require-quotes-in-ports': 0,
      'service-keys-order': 0,
      'services-alphabetical-order': 0,
      'top-level-properties-order': 0,
      'service-dependencies-alphabetical-order': 0,
      'service-ports-alphabetical-order': 0,
      'no-unbound-port-interfaces': 0,
      'service-image-require-explicit-tag': 2,
      'no-duplicate-exported-ports': 2,
      'no-version-field': 2,
    },
    quiet: true,
    debug: false,
    exclude: [],
  });
  const problems = linter
    .lintFiles([file], false)
    .flatMap((r) =>
      r.messages
        .filter((msg) => msg.type === 'error')
        .map((msg) => `${r.filePath}:${msg.line}: ${msg.message} (${msg.rule})`),
    );
  const compose = parseYaml(readFileSync(file, 'utf8')) as { services?: Record<string, Obj> };
  for (const [name, service] of Object.entries(compose.services ?? {})) {
    for (const mount of (service['volumes'] as unknown[] | undefined) ?? []) {
      const source = typeof mount === 'string' ? mount.split(':')[0] : undefined;
      if (source?.startsWith('./') && !existsSync(resolve(dirname(file), source)))
        problems.push(`${file}: service ${name} mounts ${source}, which does not exist`);
    }
    const command = service['command'];
    if (Array.isArray(command) && command.includes('apps/api/src/main.ts') && !service['healthcheck'])
      problems.push(`${file}: service ${name} runs the API without a healthcheck`);
  }
  return problems;
};

const dockerfileProblems = (file: string): string[] => {
  const text = readFileSync(file, 'utf8');
  const stages = text.split(/^FROM\s+/im).slice(1);
  const problems: string[] = [];
  if (stages.length < 2) problems.push(`${file}: not a multi-stage build`);
  for (const stage of stages) {
    const image = stage.split(/\s/)[0] ?? '';
    if (!/^node:24[\w.-]*$/.test(image)) problems.push(`${file}: stage FROM ${image} is not a node:24 image`);
  }
  const users = [...(stages[stages.length - 1] ?? '').matchAll(/^USER\s+(\S+)/gim)].map((u) => u[1] ?? '');
  const user = users[users.length - 1];
  if (!user || /^(root|0)(:|$)/.test(user))
    problems.push(`${file}: the final stage does not switch to a non-root USER`);
  return problems;
};

const main = async (): Promise<void> => {
  const root = process.cwd();
  const [k8sDir = 'deploy/k8s', composeFile = 'deploy/compose/compose.yaml', dockerfile = 'deploy/docker/Dockerfile'] =
    process.argv.slice(2);
  const { manifests, problems } = loadManifests(resolve(root, k8sDir));
  const loaded = await loadModels(manifests);
  problems.push(
    ...schemaProblems(manifests, loaded),
    ...unknownFieldProblems(manifests, loaded, root),
    ...platformProblems(manifests),
    ...composeProblems(resolve(root, composeFile)),
    ...dockerfileProblems(resolve(root, dockerfile)),
  );
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`deploy files: ${manifests.length} Kubernetes objects, ${composeFile} and ${dockerfile} are valid`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
