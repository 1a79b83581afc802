// An HTTP client under which reloads are measured: <connections> loops, each sending its next GET as soon
// as the last one is answered, until <stop file> exists; then one JSON line: requests answered 200, failed
// (with their error codes) and the distinct bodies' first words (the answering pids).
//   node load.js <port> <connections> <stop file> [keepalive|fresh]
// keepalive (the default, as browsers and Node's own agent since 19 do) reuses each connection; fresh opens
// a new connection per request.
'use strict';
const http = require('http');
const fs = require('fs');

const [port, connections, stopFile, mode = 'keepalive'] = process.argv.slice(2);
const agent = mode === 'fresh' ? false : new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
let ok = 0;
let failed = 0;
let running = true;
const pids = new Set();
const errors = {};

function next() {
  if (!running) {
    return;
  }
  const req = http.get({ host: '127.0.0.1', port: Number(port), path: '/', agent }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => (body += d));
    res.on('end', () => {
      if (res.statusCode === 200) {
        ok++;
        pids.add(body.trim().split(' ')[0]);
      } else {
        failed++;
        errors[`HTTP ${res.statusCode}`] = (errors[`HTTP ${res.statusCode}`] || 0) + 1;
      }
      setImmediate(next);
    });
  });
  req.setTimeout(10000, () => req.destroy(new Error('ETIMEDOUT')));
  req.on('error', (e) => {
    failed++;
    const code = e.code || e.message;
    errors[code] = (errors[code] || 0) + 1;
    setTimeout(next, 5);
  });
}

for (let i = 0; i < Number(connections); i++) {
  next();
}
const poll = setInterval(() => {
  if (fs.existsSync(stopFile)) {
    running = false;
    clearInterval(poll);
    setTimeout(() => {
      console.log(JSON.stringify({ ok, failed, errors, pids: [...pids] }));
      process.exit(0);
    }, 300);
  }
}, 50);
