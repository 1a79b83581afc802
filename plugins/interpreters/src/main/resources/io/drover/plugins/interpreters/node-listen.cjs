'use strict';
// Loaded by Drover (node --require) into Node apps. A server.listen(port) shares one kernel socket among
// every instance of the app, so a reload refuses no connection:
// - on a port the daemon handed over (a declared socket, systemd's LISTEN_FDS protocol), it listens on
//   the inherited descriptor instead of binding;
// - in cluster mode, on any other port, it asks the daemon over its IPC channel for the app's socket on
//   that address (the daemon opens it for the first instance that asks), as a Node cluster worker asks
//   its primary; when the daemon declines, it binds as the app asked.
// On the stop signal those servers stop accepting first, so connections still queued go to the other
// instances; the process then ends once the requests it took are answered, even when the app's own
// handler calls process.exit() at once.
(function () {
  const env = process.env;
  const byPort = new Map();
  const count = parseInt(env.LISTEN_FDS || '0', 10);
  if (count > 0 && env.LISTEN_PID === String(process.pid)) {
    const ports = (env.DROVER_LISTEN_PORTS || '').split(',');
    for (let i = 0; i < count; i++) {
      if (ports[i]) {
        byPort.set(Number(ports[i]), 3 + i);
      }
    }
  }
  const share = env.DROVER_SHARE_PORTS === '1' && typeof process.send === 'function';
  const killTimeout = parseInt(env.DROVER_KILL_TIMEOUT_MS || '1600', 10);
  // processes the app starts must not take the sockets for their own
  for (const key of ['LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES', 'DROVER_LISTEN_PORTS', 'DROVER_SHARE_PORTS',
    'DROVER_KILL_TIMEOUT_MS']) {
    delete env[key];
  }
  if (byPort.size === 0 && !share) {
    return;
  }
  const net = require('net');
  const dns = require('dns');
  const listen = net.Server.prototype.listen;
  const ASK_TIMEOUT_MS = 10000;

  // the address a listen() call asks for, or undefined for a path, a descriptor, a handle or port 0
  function wanted(args) {
    const a = args[0];
    if (typeof a === 'number' || (typeof a === 'string' && /^\d+$/.test(a))) {
      return { port: Number(a), host: typeof args[1] === 'string' ? args[1] : '', alone: false };
    }
    if (a && typeof a === 'object' && a.fd === undefined && a.path === undefined && a.handle === undefined
        && a._handle === undefined && a.port !== undefined && !(a instanceof net.Server)) {
      return { port: Number(a.port), host: typeof a.host === 'string' ? a.host : '',
        alone: a.exclusive === true || a.ipv6Only === true };
    }
    return undefined;
  }

  function send(message) {
    if (process.connected) {
      process.send(message, undefined, {}, () => {});
    }
  }

  // servers on a shared socket, and their connections with the requests each has yet to answer
  const servers = new Set();
  const connections = new Set();
  const pending = new Set(); // responses not yet finished
  const CLOSED = Symbol('drover.closed');
  const BUSY = Symbol('drover.busy');
  const IDLE_SINCE = Symbol('drover.idleSince');
  const ANSWERED = Symbol('drover.answered');
  // a connection kept alive but idle this long once the process stops is ended: its client would have
  // sent its next request by now, and a request sent later may meet the end
  const IDLE_END_MS = 500;
  // a connection that has not sent its first request yet is given longer, up to 5 s: its client has sent
  // nothing it could safely send again, and may only be late (a pause of its own, a busy machine). Half a
  // second less than kill_timeout, so that a client that never sends ends the process cleanly, not SIGKILL.
  const FIRST_REQUEST_MS = Math.min(5000, Math.max(IDLE_END_MS, (killTimeout || 1600) - 500));
  let stopping = false;
  let exitDeferred = false;

  function shared(server, port) {
    servers.add(server);
    server.once('listening', () => send({ cmd: 'NODE_DROVER_LISTENING', port }));
    server.on('connection', (socket) => {
      socket[BUSY] = 0;
      socket[IDLE_SINCE] = Date.now();
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
    });
    server.prependListener('request', (req, res) => {
      const socket = req.socket;
      socket[BUSY]++;
      if (stopping) {
        res.shouldKeepAlive = false; // Connection: close, so the client sends its next request elsewhere
      }
      res.once('close', () => {
        socket[ANSWERED] = true;
        if (--socket[BUSY] === 0) {
          socket[IDLE_SINCE] = Date.now();
        }
      });
      pending.add(res);
      res.once('close', () => pending.delete(res));
    });
  }

  // cluster mode: asks the daemon for the socket of that address
  let seq = 0;
  const asked = new Map();
  process.on('internalMessage', (message, handle) => {
    if (!message || message.cmd !== 'NODE_DROVER_SOCKET' || !asked.has(message.seq)) {
      return;
    }
    const ask = asked.get(message.seq);
    asked.delete(message.seq);
    clearTimeout(ask.timer);
    if (handle) {
      ask.take(handle);
    } else {
      ask.decline();
    }
  });

  function askFor(server, args, port, host) {
    const callback = args.find((x) => typeof x === 'function');
    const id = ++seq;
    const decline = () => listen.apply(server, args); // the app binds itself and meets any error itself
    const take = (handle) => {
      shared(server, port);
      return callback ? listen.call(server, handle, callback) : listen.call(server, handle);
    };
    // the timer also keeps the process alive until the answer comes
    const timer = setTimeout(() => {
      asked.delete(id);
      decline();
    }, ASK_TIMEOUT_MS);
    asked.set(id, { take, decline, timer });
    process.send({ cmd: 'NODE_DROVER_LISTEN', seq: id, port, host }, undefined, {}, (err) => {
      if (err && asked.delete(id)) {
        clearTimeout(timer);
        decline();
      }
    });
  }

  net.Server.prototype.listen = function (...args) {
    const w = wanted(args);
    if (w === undefined || !(w.port > 0)) {
      return listen.apply(this, args);
    }
    const fd = byPort.get(w.port);
    if (fd !== undefined) {
      shared(this, w.port);
      const callback = args.find((x) => typeof x === 'function');
      return callback ? listen.call(this, { fd }, callback) : listen.call(this, { fd });
    }
    if (!share || w.alone || !process.connected) {
      return listen.apply(this, args);
    }
    if (w.host === '' || net.isIP(w.host)) {
      askFor(this, args, w.port, w.host);
    } else {
      // a name: the address Node itself would bind, then the socket of that address
      dns.lookup(w.host, (err, address) => (err ? listen.apply(this, args) : askFor(this, args, w.port, address)));
    }
    return this;
  };

  // stops accepting; the app's own close() afterwards waits for this one instead of failing. Not http's
  // close(), which ends every idle kept-alive connection at once, under the feet of clients sending on them.
  function stopAccepting(server) {
    server.close = function (callback) {
      if (typeof callback === 'function') {
        if (server[CLOSED]) {
          process.nextTick(callback);
        } else {
          server.once('close', () => callback());
        }
      }
      return server;
    };
    net.Server.prototype.close.call(server, () => {
      server[CLOSED] = true;
    });
  }

  // calls done once every shared server has no connection left
  function drained(done) {
    let open = 0;
    const idle = setInterval(() => {
      const now = Date.now();
      for (const socket of connections) {
        const limit = socket[ANSWERED] ? IDLE_END_MS : FIRST_REQUEST_MS;
        if (socket[BUSY] === 0 && now - socket[IDLE_SINCE] >= limit) {
          socket.destroy();
        }
      }
    }, 50);
    const end = () => {
      clearInterval(idle);
      done();
    };
    for (const server of servers) {
      if (!server[CLOSED]) {
        open++;
        server.once('close', () => {
          if (--open === 0) {
            end();
          }
        });
      }
    }
    if (open === 0) {
      end();
    }
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, function stop() {
      if (!stopping) {
        stopping = true;
        for (const res of pending) {
          if (!res.headersSent) {
            res.shouldKeepAlive = false;
          }
        }
        servers.forEach(stopAccepting);
      }
      if (process.listeners(signal).length > 1) {
        if (exitDeferred) {
          return;
        }
        // the app stops itself: an exit it asks for at once waits for the requests already taken
        exitDeferred = true;
        const exit = process.exit;
        process.exit = function (code) {
          if (code !== undefined) {
            process.exitCode = code;
          }
          process.exit = exit;
          drained(() => exit.call(process));
        };
        return;
      }
      drained(() => {
        process.removeListener(signal, stop);
        process.kill(process.pid, signal); // end as the signal would have ended it
      });
    });
  }
})();
