import type { Server } from 'node:http';

/**
 * Keep-alive timeouts between our HTTP clients and servers, in one place, so that the client
 * always closes an idle connection first.
 *
 * The race: a server closes an idle keep-alive connection after its `keepAliveTimeout`; a client
 * whose pool still holds that socket may write the next request just as the FIN arrives, and the
 * request fails with ECONNRESET / "socket hang up" — for a mutation, a lost write (issue 20 §5).
 * Node's own agent shortens its idle timer to the server's `Keep-Alive: timeout=N` hint minus 1 s,
 * but a proxy or a non-Node server need not send the hint, so the client must not rely on it.
 *
 * - Servers (every subgraph, the gateway): `keepAliveTimeout` 65 s, `headersTimeout` above it
 *   (Node's defaults are 5 s and 60 s; headersTimeout below keepAliveTimeout lets the header timer
 *   cut a reused connection first).
 * - Clients (the gateway's fetcher to subgraphs and cases): a pooled socket idle for
 *   `CLIENT_KEEP_ALIVE_IDLE_MS` (30 s) is closed by the client — well below the smallest server
 *   timeout, so the server never closes a socket the client might still pick.
 */
export const SERVER_KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const SERVER_HEADERS_TIMEOUT_MS = SERVER_KEEP_ALIVE_TIMEOUT_MS + 1_000;
export const CLIENT_KEEP_ALIVE_IDLE_MS = 30_000;

if (CLIENT_KEEP_ALIVE_IDLE_MS >= SERVER_KEEP_ALIVE_TIMEOUT_MS) {
  throw new Error('the client keep-alive idle timeout must be below the servers keep-alive timeout');
}

/** Applies the server side of the rule to an app's HTTP server (call before `listen`). */
export function configureServerKeepAlive(server: Server): Server {
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = SERVER_HEADERS_TIMEOUT_MS;
  return server;
}
