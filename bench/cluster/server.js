// Node hello world, unchanged for both managers: it listens on PORT.
const http = require('http');
http.createServer((req, res) => res.end('hello\n')).listen(Number(process.env.PORT));
