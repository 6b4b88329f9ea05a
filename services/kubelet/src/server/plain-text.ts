import type { ServerResponse } from 'node:http';

/** An error answer as upstream's kubelet writes them: the status code and the message as plain text. */
export function plainText(response: ServerResponse, code: number, body: string): void {
  response.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  response.end(body);
}
