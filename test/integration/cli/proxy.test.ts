// With an HTTP CONNECT proxy in the environment, every connection must go through it: grpc-js tunnels,
// and result streams stay on grpc-js even when the direct reader is asked for (it does not tunnel). A
// no_proxy entry for the host makes both connect directly, the reader included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { spark4 } from '../../support/servers';
import { runCli } from './run-cli';

/** A minimal CONNECT proxy that counts the tunnels it opens. */
class ConnectProxy {
  tunnels = 0;
  readonly server: Server = createServer((_req, res) => res.writeHead(405).end());
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server.on('connect', (req, client: Socket, head: Buffer) => {
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host!, () => {
        this.tunnels++;
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => { client.destroy(); upstream.destroy(); });
        s.on('close', () => this.sockets.delete(s));
      }
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

void describe('through an HTTP CONNECT proxy (grpc_proxy)', () => {
  const proxy = new ConnectProxy();
  let proxyUrl = '';
  before(async () => { proxyUrl = await proxy.listen(); });
  after(async () => { await proxy.close(); });

  const query = 'SELECT count(*) AS n, sum(id) AS s FROM (SELECT id FROM range(0, 200000, 1, 2))';

  void test('all traffic goes through the proxy, result streams on grpc-js even when direct is asked for', async () => {
    const before = proxy.tunnels;
    const r = await runCli(['sql', '--remote', spark4().remote, '--verbose', '--stream-transport', 'direct', '--format', 'csv', query], {
      env: { grpc_proxy: proxyUrl, no_proxy: '', no_grpc_proxy: '' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'n,s\r\n200000,19999900000\r\n');
    assert.ok(proxy.tunnels > before, 'the proxy opened a tunnel');
    assert.match(r.stderr, /→ ExecutePlan \(stream\)/);
    assert.doesNotMatch(r.stderr, /\(stream, direct\)/, 'no direct connection bypassing the proxy');
  });

  void test('a host exempted by no_grpc_proxy is reached directly, by grpc-js and by the direct reader', async () => {
    const before = proxy.tunnels;
    const r = await runCli(['sql', '--remote', spark4().remote, '--verbose', '--stream-transport', 'direct', '--format', 'csv', query], {
      env: { grpc_proxy: proxyUrl, no_grpc_proxy: 'localhost,127.0.0.1' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'n,s\r\n200000,19999900000\r\n');
    assert.equal(proxy.tunnels, before, 'nothing went through the proxy');
    assert.match(r.stderr, /→ ExecutePlan \(stream, direct\)/);
  });
});

