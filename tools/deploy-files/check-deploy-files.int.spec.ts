import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** The check as `npm run lint:deploy` runs it, on Node 24 (the jest worker's own binary). */
const check = (...paths: string[]): { status: number | null; output: string } => {
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', 'tools/deploy-files/check-deploy-files.ts', ...paths],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('deployment files', () => {
  // A tool, not a platform library: no @fallverbund/testing here.
  const dir = mkdtempSync(join(tmpdir(), 'fv-deploy-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the Kubernetes manifests, the compose file and the Dockerfile pass', () => {
    const result = check();
    expect(result).toEqual({
      status: 0,
      output: expect.stringMatching(/^deploy files: \d+ Kubernetes objects, .* are valid\n$/) as unknown,
    });
  });

  const breakages: [string, string, (text: string) => string, RegExp][] = [
    [
      'a field Kubernetes does not know',
      'k8s/50-relay.yaml',
      (t) => t.replace(/^ {2}replicas: 2$/m, '  replica: 2'),
      /50-relay\.yaml: Deployment fallverbund-relay: .*'"replica"' does not exist in type 'IDeploymentSpec'/,
    ],
    [
      'a value of the wrong type',
      'k8s/40-api.yaml',
      (t) => t.replace('terminationGracePeriodSeconds: 45', 'terminationGracePeriodSeconds: soon'),
      /40-api\.yaml: Deployment fallverbund-api: data\/spec\/template\/spec\/terminationGracePeriodSeconds must be integer/,
    ],
    [
      'a container without an image',
      'k8s/60-evaluation-subscriber.yaml',
      (t) => t.replace(/^ {10}image: .*\n/m, ''),
      /Deployment evaluation-subscriber: container subscriber: no image/,
    ],
    [
      'an image without a tag',
      'k8s/30-migrations-job.yaml',
      (t) => t.replace('app:0.1.0', 'app'),
      /Job fallverbund-migrate: container migrate: image registry\.example\.org\/fallverbund\/app has no explicit tag/,
    ],
    [
      'an API without its readiness probe',
      'k8s/40-api.yaml',
      (t) => t.replace('/api/health/ready', '/api/health/live'),
      /Deployment fallverbund-api: readiness probe is not GET \/api\/health\/ready/,
    ],
    [
      'a container without memory limit',
      'k8s/50-relay.yaml',
      (t) => t.replace("limits: { cpu: '1', memory: 512Mi }", "limits: { cpu: '1' }"),
      /container relay: no resources\.limits\.memory/,
    ],
    [
      'a reference to a Secret key nobody defines',
      'k8s/40-api.yaml',
      (t) => t.replace('key: SEARCH_INDEX_KEY', 'key: SEARCH_KEY'),
      /Deployment fallverbund-api: Secret fallverbund-keys has no key SEARCH_KEY/,
    ],
    [
      'a real-looking key in the Secret',
      'k8s/20-secrets.yaml',
      (t) => t.replace('ENCRYPTION_MASTER_KEY: REPLACE-WITH-32-BYTES-BASE64', 'ENCRYPTION_MASTER_KEY: c2VjcmV0'),
      /Secret fallverbund-keys: ENCRYPTION_MASTER_KEY is not a REPLACE… placeholder/,
    ],
    [
      'a Service that selects no pods',
      'k8s/40-api.yaml',
      (t) =>
        t.replace(
          /(kind: Service[\s\S]*?selector:\n\s+app\.kubernetes\.io\/name: )fallverbund-api/,
          '$1fallverbund-apj',
        ),
      /Service fallverbund-api: its selector matches no pod template/,
    ],
    [
      'a misspelt compose key',
      'compose/compose.yaml',
      (t) => t.replace('stop_grace_period: 45s', 'stop_grace_perod: 45s'),
      /compose\.yaml:\d+: .*\/services\/api.*must NOT have additional properties.*\(invalid-schema\)/,
    ],
    [
      'a root final stage',
      'docker/Dockerfile',
      (t) => t.replace('USER 1000:1000', 'USER root'),
      /Dockerfile: the final stage does not switch to a non-root USER/,
    ],
  ];

  // One run over a copy with every breakage at once (each in another object, so none hides another):
  // a run of the check costs seconds.
  it('fails on each breakage, naming the file, the object and the problem', () => {
    const copy = join(dir, 'broken');
    for (const part of ['k8s', 'compose', 'docker'])
      cpSync(join(root, 'deploy', part), join(copy, part), { recursive: true });
    for (const [label, file, change] of breakages) {
      const target = join(copy, file);
      const before = readFileSync(target, 'utf8');
      const after = change(before);
      expect({ label, changed: after !== before }).toEqual({ label, changed: true });
      writeFileSync(target, after);
    }
    const result = check(join(copy, 'k8s'), join(copy, 'compose/compose.yaml'), join(copy, 'docker/Dockerfile'));
    expect(result.status).toBe(1);
    const missing = breakages.filter(([, , , message]) => !message.test(result.output)).map(([label]) => label);
    expect({ missing, output: result.output }).toEqual({ missing: [], output: result.output });
  });
});
