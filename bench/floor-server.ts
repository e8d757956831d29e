// The floor: a bare node:http server that answers every request with a fixed JSON body. What
// any Node HTTP mock pays on this machine before doing any work of its own.
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const body = JSON.stringify({ data: [], message: 'success' });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
