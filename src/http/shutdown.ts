// Graceful close: stop accepting, drop idle keep-alive sockets now (they would otherwise hold
// close() open for keepAliveTimeout), let in-flight requests finish, and cut what is left
// after a grace period.
import type { Server } from 'node:http';

export function closeGracefully(server: Server, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
