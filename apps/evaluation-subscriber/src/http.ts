import { createServer, type Server } from 'node:http';
import { type FiguresStore } from './figures-store';

/** `GET /figures`: the figures as JSON. Nothing else; no personal data is held here to protect. */
export const figuresServer = (store: FiguresStore): Server =>
  createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/figures') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    store.figures().then(
      (figures) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(figures)),
      (error: unknown) => {
        console.error(error);
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
      },
    );
  });
