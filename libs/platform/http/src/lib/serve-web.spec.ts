import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { securityHeaders } from './security-headers';
import { serveWeb } from './serve-web';

describe('serveWeb', () => {
  let dir: string;
  let app: express.Express;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Fallverbund</title>');
    writeFileSync(join(dir, 'favicon.png'), 'PNG');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1);');
    const handler = serveWeb(dir);
    if (!handler) throw new Error('serveWeb found no index.html');
    app = express();
    app.use(securityHeaders());
    app.use(handler);
    app.use((_request, response) => {
      response.status(404).json({ code: 'not_found' });
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a deep link with the page, never cached (it may follow personal data in the address)', async () => {
    const page = await request(app).get('/cases/some-case').set('accept', 'text/html').expect(200);
    expect(page.text).toContain('<title>Fallverbund</title>');
    expect(page.headers['cache-control']).toBe('no-store');
    const direct = await request(app).get('/index.html').expect(200);
    expect(direct.headers['cache-control']).toBe('no-store');
  });

  it('lets hashed assets be cached for good and the icon for a day', async () => {
    const asset = await request(app).get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(app).get('/favicon.png').expect(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=86400');
  });

  it('leaves /api, in any spelling, and other methods to the API', async () => {
    for (const path of ['/api/cases', '/API/cases', '/api']) {
      const answer = await request(app).get(path).set('accept', 'text/html');
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ code: 'not_found' });
    }
    expect((await request(app).post('/cases')).status).toBe(404);
  });

  it('answers nothing when the workspace was not built', () => {
    expect(serveWeb(join(dir, 'assets'))).toBeUndefined();
  });
});
