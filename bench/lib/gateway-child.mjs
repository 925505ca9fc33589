// The gateway in a process of its own (experiment E8): the deployment shape, where the gateway's
// event loop and heap are not shared with the subgraph. Configured by its environment, reports
// its port over IPC, closes on the message 'close'.
import { Writable } from 'node:stream';
import { createGatewayApp, createLogger, loadGatewayConfig } from '@scp/gateway-app';

const sink = new Writable({
  write(_chunk, _enc, done) {
    done();
  },
});
const app = await createGatewayApp(loadGatewayConfig(process.env), { logger: createLogger('info', sink) });
await app.listen(0, '127.0.0.1');
process.send?.({ port: app.getHttpServer().address().port });
process.on('message', async (message) => {
  if (message !== 'close') return;
  await app.close();
  process.exit(0);
});
