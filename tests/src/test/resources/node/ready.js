// Says it is ready the way PM2's apps do, a moment after it listens.
const http = require('http');

const server = http.createServer((req, res) => res.end(`${process.pid}\n`));
server.listen(Number(process.env.PORT), () => setTimeout(() => process.send('ready'), 200));
