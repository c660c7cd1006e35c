import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from './asyncapi';
import { INTEGRATION_EVENT_TYPES } from './registry';
import { toYaml } from './yaml';

const file = join(__dirname, '../../../../docs/asyncapi.yaml');

describe('docs/asyncapi.yaml', () => {
  it('is the AsyncAPI document of the contracts as they are (UPDATE_ASYNCAPI=1 rewrites it)', () => {
    const generated = toYaml(asyncApiDocument());
    if (process.env['UPDATE_ASYNCAPI'] === '1') writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it('describes every type, and every $ref points at something in the document', () => {
    const document = asyncApiDocument();
    expect(Object.keys(document.components.messages)).toHaveLength(INTEGRATION_EVENT_TYPES.length + 1);
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else walk(value);
      }
    };
    walk(document);
    for (const path of refs) {
      const target = path
        .slice(2)
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
      expect([path, target]).toEqual([path, expect.anything()]);
    }
  });
});

describe('docs/event-catalogue.md', () => {
  it('names every integration event type', () => {
    const catalogue = readFileSync(join(__dirname, '../../../../docs/event-catalogue.md'), 'utf8');
    expect(INTEGRATION_EVENT_TYPES.filter((type) => !catalogue.includes(`\`${type}\``))).toEqual([]);
  });
});
