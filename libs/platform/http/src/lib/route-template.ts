import { type Request } from 'express';

interface RouteLayer {
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

/**
 * The route a request was addressed to, as the OpenAPI document writes it (`/api/cases/{id}`), never
 * with the values of its path: the route that handled it, or for a request refused before routing (a
 * malformed or oversized body) the route its method and path match. Undefined when none matches.
 */
export function routeTemplateOf(request: Request): string | undefined {
  const routed = (request.route as { path?: unknown } | undefined)?.path;
  const path = typeof routed === 'string' ? routed : matchingRoute(request);
  return path?.replace(/:(\w+)/g, '{$1}');
}

const matchingRoute = (request: Request): string | undefined => {
  const router = (request.app as unknown as { router?: { stack?: readonly RouteLayer[] } } | undefined)?.router;
  const method = request.method.toLowerCase();
  // Only the shape of the path matters here; every percent sign goes, so that no escape, well-formed
  // or not (`%`, `%zz`, `%ED%A0%80`), can make the match decode and throw. It runs where a throw would
  // be uncaught (when an answer is finished), so it must not throw at all.
  const path = request.path.replace(/%/g, '_');
  try {
    const layer = router?.stack?.find((l) => l.route?.methods[method] === true && l.match(path));
    return typeof layer?.route?.path === 'string' ? layer.route.path : undefined;
  } catch {
    return undefined;
  }
};
