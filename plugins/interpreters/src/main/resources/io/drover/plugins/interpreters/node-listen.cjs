'use strict';
// Loaded by Drover (node --require) into apps that declare listening sockets. A server.listen(port)
// on a port the daemon handed over (systemd's LISTEN_FDS protocol) listens on the inherited descriptor
// instead of binding, so every instance shares one kernel socket and a reload refuses no connection.
// On the stop signal, unless the app handles it itself, those servers stop accepting and the process
// ends once their requests are done.
(function () {
  const count = parseInt(process.env.LISTEN_FDS || '0', 10);
  if (!(count > 0) || process.env.LISTEN_PID !== String(process.pid)) {
    return;
  }
  const net = require('net');
  const ports = (process.env.DROVER_LISTEN_PORTS || '').split(',');
  const byPort = new Map();
  for (let i = 0; i < count; i++) {
    if (ports[i]) {
      byPort.set(Number(ports[i]), 3 + i);
    }
  }
  // processes the app starts must not take the sockets for their own
  for (const key of ['LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES', 'DROVER_LISTEN_PORTS']) {
    delete process.env[key];
  }

  function inheritedFd(args) {
    const a = args[0];
    let port;
    if (typeof a === 'number') {
      port = a;
    } else if (typeof a === 'string' && /^\d+$/.test(a)) {
      port = Number(a);
    } else if (a && typeof a === 'object' && a.fd === undefined && a.path === undefined && a.handle === undefined
        && a._handle === undefined && a.port !== undefined) {
      port = Number(a.port);
    }
    return port ? byPort.get(port) : undefined;
  }

  const servers = new Set();
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const fd = inheritedFd(args);
    if (fd === undefined) {
      return listen.apply(this, args);
    }
    servers.add(this);
    this.once('close', () => servers.delete(this));
    const callback = args.find((x) => typeof x === 'function');
    return callback ? listen.call(this, { fd }, callback) : listen.call(this, { fd });
  };

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, function stop() {
      if (process.listeners(signal).length > 1) {
        return; // the app stops itself
      }
      const die = () => {
        process.removeListener(signal, stop);
        process.kill(process.pid, signal); // end as the signal would have ended it
      };
      let open = servers.size;
      if (open === 0) {
        die();
        return;
      }
      for (const server of servers) {
        server.close(() => {
          if (--open === 0) {
            die();
          }
        });
        if (typeof server.closeIdleConnections === 'function') {
          server.closeIdleConnections();
        }
      }
    });
  }
})();
