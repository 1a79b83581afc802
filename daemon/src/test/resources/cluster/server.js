// A Node app written without Drover in mind: it listens on PORT like any other.
const http = require('http');

const port = Number(process.env.PORT);
http
  .createServer((req, res) => res.end(`${process.pid} ${process.env.NODE_APP_INSTANCE}\n`))
  .listen(port, () => console.log(`listening on ${port}`));
