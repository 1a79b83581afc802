// The same hello world with a stop handler common in Node apps: it exits at once on SIGINT, requests it
// has taken or not.
const http = require('http');
http.createServer((req, res) => res.end('hello\n')).listen(Number(process.env.PORT));
process.on('SIGINT', () => process.exit(0));
