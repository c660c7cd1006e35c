import { type Request } from 'express';
import { routeTemplateOf } from './route-template';

/** An Express router stack of one route, `/api/cases/:id`, as `match` sees it. */
const app = {
  router: {
    stack: [
      {
        route: { path: '/api/cases/:id', methods: { get: true } },
        match: (path: string) => {
          const m = /^\/api\/cases\/([^/]+)$/.exec(path);
          if (m) decodeURIComponent(m[1] ?? ''); // as Express does, throwing on a bad escape
          return m !== null;
        },
      },
    ],
  },
};
const request = (method: string, path: string, route?: { path: string }) =>
  ({ method, path, app, ...(route ? { route } : {}) }) as unknown as Request;

describe('routeTemplateOf', () => {
  it('names the route that handled a request, in OpenAPI spelling', () => {
    expect(routeTemplateOf(request('GET', '/api/cases/x', { path: '/api/cases/:id' }))).toBe('/api/cases/{id}');
  });

  it('finds the route of a request refused before routing, and none for an unknown path or method', () => {
    expect(routeTemplateOf(request('GET', '/api/cases/6f1c'))).toBe('/api/cases/{id}');
    expect(routeTemplateOf(request('POST', '/api/cases/6f1c'))).toBeUndefined();
    expect(routeTemplateOf(request('GET', '/api/nothing'))).toBeUndefined();
  });

  it('never throws on a path with bad percent escapes', () => {
    for (const path of ['/api/cases/%', '/api/cases/%zz', '/api/cases/%ED%A0%80', '/api/cases/%E0%A4%A'])
      expect([path, routeTemplateOf(request('GET', path))]).toEqual([path, '/api/cases/{id}']);
  });
});
