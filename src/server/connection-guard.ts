// Connection accounting for the lab server: any local process can open sockets to a loopback
// port without knowing the token, so the server keeps at most `limit` of them open. When a new
// connection would pass the limit, the oldest socket that never carried an authenticated
// request and is not serving one is closed first (then the oldest unauthenticated one at all);
// only when every open socket belongs to the token holder is the new connection refused. So a
// flood of idle connections costs the lab a bounded number of file descriptors, and the UI
// (whose requests carry the token) keeps working through it. `closeAll` ends every socket, open
// requests included, for a prompt shutdown.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionGuard {
  /** Marks the socket of a request that carried the right token. */
  authenticated(socket: Socket): void;
  /** Counts a request in flight on the socket until `done` is called. */
  busy(socket: Socket): () => void;
  /** Open sockets now. */
  readonly size: number;
  /** Sockets closed to make room, since the start. */
  readonly evicted: number;
  /** Connections refused because every open socket was authenticated. */
  readonly refused: number;
  closeAll(): void;
}

interface SocketState {
  authed: boolean;
  inFlight: number;
}

export function guardConnections(server: Server, limit: number): ConnectionGuard {
  // A Map keeps insertion order: the first entries are the oldest sockets.
  const sockets = new Map<Socket, SocketState>();
  let evicted = 0;
  let refused = 0;

  const pickVictim = (): Socket | undefined => {
    let fallback: Socket | undefined;
    for (const [s, st] of sockets) {
      if (st.authed) continue;
      if (st.inFlight === 0) return s;
      fallback ??= s;
    }
    return fallback;
  };

  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limit) {
      const victim = pickVictim();
      if (!victim) {
        refused++;
        socket.destroy();
        return;
      }
      evicted++;
      sockets.delete(victim);
      victim.destroy();
    }
    sockets.set(socket, { authed: false, inFlight: 0 });
    socket.once('close', () => sockets.delete(socket));
  });

  return {
    authenticated(socket) {
      const st = sockets.get(socket);
      if (st) st.authed = true;
    },
    busy(socket) {
      const st = sockets.get(socket);
      if (!st) return () => undefined;
      st.inFlight++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        st.inFlight--;
      };
    },
    get size() {
      return sockets.size;
    },
    get evicted() {
      return evicted;
    },
    get refused() {
      return refused;
    },
    closeAll() {
      for (const s of sockets.keys()) s.destroy();
      sockets.clear();
    },
  };
}
