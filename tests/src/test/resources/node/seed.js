// PM2's own example, unchanged: it listens on PORT, or 3000.
const http = require('http');

http
  .createServer((req, res) => res.end(`${process.pid} ${process.env.NODE_APP_INSTANCE}\n`))
  .listen(process.env.PORT || 3000);
