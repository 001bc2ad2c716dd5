import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_KEEPALIVE, callMetadata, channelOptions, clientTypeString, grpcTarget, loadTlsMaterial, resolveSecurity, useDirectStreams, grpcJsUsesProxy, FLOW_CONTROL_WINDOW,
} from '../../../src/connect/channel';
import { DEFAULT_STREAM_TRANSPORT } from '../../../src/connect/stream-transport';
import { parseConnectionString } from '../../../src/connect/connection-string';
import { SparkConnectError } from '../../../src/connect/errors';

const opts = (s: string) => parseConnectionString(s);

void test('no token, no use_ssl: plaintext', () => {
  const s = resolveSecurity(opts('sc://spark.example.com'));
  assert.equal(s.tls, false);
  assert.equal(s.sendToken, false);
});

void test('use_ssl=true: TLS', () => {
  assert.equal(resolveSecurity(opts('sc://h/;use_ssl=true')).tls, true);
});

void test('a token implies TLS for a remote host', () => {
  const s = resolveSecurity(opts('sc://spark.example.com/;token=t'));
  assert.deepEqual([s.tls, s.sendToken], [true, true]);
  // use_ssl=false does not downgrade it, as in PySpark
  assert.equal(resolveSecurity(opts('sc://spark.example.com/;token=t;use_ssl=false')).tls, true);
});

void test('a token to the literal host "localhost" without use_ssl stays plaintext (PySpark 4.x)', () => {
  const s = resolveSecurity(opts('sc://localhost:15002/;token=t'));
  assert.deepEqual([s.tls, s.sendToken], [false, true]);
  assert.equal(resolveSecurity(opts('sc://localhost/;token=t;use_ssl=true')).tls, true);
  // only the literal name, as PySpark: an IP address is not special
  assert.equal(resolveSecurity(opts('sc://127.0.0.1/;token=t')).tls, true);
});

void test('allowTokenOverPlaintext sends the token in clear to any host', () => {
  const s = resolveSecurity({ ...opts('sc://10.0.0.5/;token=t'), allowTokenOverPlaintext: true });
  assert.deepEqual([s.tls, s.sendToken], [false, true]);
});

void test('TLS material implies TLS', () => {
  assert.equal(resolveSecurity({ ...opts('sc://h'), caCert: 'PEM' }).tls, true);
  assert.equal(resolveSecurity({ ...opts('sc://h'), serverNameOverride: 'x' }).tls, true);
});

void test('metadata: custom headers and the bearer token', () => {
  const o = opts('sc://localhost/;token=abc;x-databricks-cluster-id=c-1');
  const md = callMetadata(o, resolveSecurity(o)).getMap();
  assert.deepEqual(md, { 'x-databricks-cluster-id': 'c-1', authorization: 'Bearer abc' });
  assert.deepEqual(callMetadata(opts('sc://h/;x-a=1'), resolveSecurity(opts('sc://h'))).getMap(), { 'x-a': '1' });
});

void test('channel options: message size, keepalive, user agent, server name override', () => {
  const o = { ...opts('sc://h/;grpc_max_message_size=1000;grpc_keepalive_time_ms=30000'), serverNameOverride: 'spark.internal' };
  const c = channelOptions(o, 'ua');
  assert.equal(c['grpc.max_receive_message_length'], 1000);
  assert.equal(c['grpc.max_send_message_length'], 1000);
  assert.equal(c['grpc.keepalive_time_ms'], 30000);
  assert.equal(c['grpc.keepalive_timeout_ms'], DEFAULT_KEEPALIVE.timeoutMs);
  assert.equal(c['grpc.keepalive_permit_without_calls'], 0);
  assert.equal(c['grpc.primary_user_agent'], 'ua');
  assert.equal(c['grpc.ssl_target_name_override'], 'spark.internal');
  assert.equal(c['grpc.use_local_subchannel_pool'], 1, 'each session owns its connection');
  assert.equal(c['grpc-node.flow_control_window'], FLOW_CONTROL_WINDOW);
  assert.equal(c['grpc.default_authority'], 'spark.internal');
  const d = channelOptions(opts('sc://h'), 'ua');
  assert.equal(d['grpc.max_receive_message_length'], 128 * 1024 * 1024);
  assert.equal(d['grpc.ssl_target_name_override'], undefined);
  const off = channelOptions(opts('sc://h/;grpc_keepalive_enabled=false'), 'ua');
  assert.equal(off['grpc.keepalive_time_ms'], undefined);
});

void test('a server-name override that is an IP address is not made the TLS servername (DEP0123)', () => {
  const c = channelOptions({ ...opts('sc://spark.example.com'), serverNameOverride: '10.0.0.7' }, 'ua');
  assert.equal(c['grpc.ssl_target_name_override'], undefined);
  assert.equal(c['grpc.default_authority'], '10.0.0.7');
});

void test('the receive window stays well below the server\'s reattach replay buffer, and is not Node\'s tiny default', () => {
  // Spark keeps 10 MiB of sent responses for ReattachExecute (observerRetryBufferSize). The server can
  // be a window (plus socket buffers and what we have decoded but not handed out) ahead of the last
  // response we resume after; at 16 MiB that sometimes exceeded the buffer and reattach failed.
  const sparkReplayBuffer = 10 * 1024 * 1024;
  assert.ok(FLOW_CONTROL_WINDOW <= sparkReplayBuffer / 2, `window ${FLOW_CONTROL_WINDOW}`);
  // Node's default 64 KiB HTTP/2 window halves large-result throughput (bench/README.md).
  assert.ok(FLOW_CONTROL_WINDOW >= 1024 * 1024, `window ${FLOW_CONTROL_WINDOW}`);
  assert.equal(channelOptions(opts('sc://h'), 'ua')['grpc-node.flow_control_window'], FLOW_CONTROL_WINDOW);
});

void test('gRPC target puts IPv6 in brackets', () => {
  assert.equal(grpcTarget({ host: '::1', port: 1 }), '[::1]:1');
  assert.equal(grpcTarget({ host: 'h', port: 2 }), 'h:2');
});

void test('client type names the user agent, this client and the platform', () => {
  const ct = clientTypeString(opts('sc://h/;user_agent=my_app'), 'vscode/1.90');
  assert.match(ct, /^my_app spark-connect-ts\/\d+\.\d+\.\d+ vscode\/1\.90 os\/\w+ arch\/\w+ node\/\d+/);
  assert.match(clientTypeString(opts('sc://h')), /^_SPARK_CONNECT_TYPESCRIPT /);
});

void test('TLS files are read; unreadable files and half a key pair are config errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-tls-'));
  writeFileSync(join(dir, 'ca.pem'), 'CA');
  const m = loadTlsMaterial({ ...opts('sc://h'), caCertPath: join(dir, 'ca.pem'), clientCert: 'C', clientKey: 'K' });
  assert.equal(m.ca?.toString(), 'CA');
  assert.equal(m.cert?.toString(), 'C');
  assert.equal(m.key?.toString(), 'K');
  assert.throws(() => loadTlsMaterial({ ...opts('sc://h'), caCertPath: join(dir, 'missing.pem') }),
    (e: unknown) => e instanceof SparkConnectError && e.reason === 'config' && /missing\.pem/.test(e.message) && /ENOENT/.test(e.message));
  assert.throws(() => loadTlsMaterial({ ...opts('sc://h'), clientCert: 'C' }), (e: unknown) => e instanceof SparkConnectError && e.reason === 'config');
});

void test('result streams go direct only when asked, and never where grpc-js would use a proxy', () => {
  const proxy = 'http://proxy.corp:3128';
  assert.equal(DEFAULT_STREAM_TRANSPORT, 'grpc-js');
  assert.equal(useDirectStreams('grpc-js', 'spark.corp', {}), false);
  assert.equal(useDirectStreams('direct', 'spark.corp', {}), true);
  assert.equal(useDirectStreams('direct', 'spark.corp', { https_proxy: proxy }), false);
  assert.equal(useDirectStreams('direct', 'spark.corp', { grpc_proxy: proxy }), false, 'the direct reader cannot tunnel, and must not bypass the proxy');
  assert.equal(useDirectStreams('direct', 'spark.corp', { http_proxy: '' }), true, 'an empty variable is no proxy');
  assert.equal(useDirectStreams('direct', 'spark.corp', { HTTPS_PROXY: proxy }), true, 'grpc-js reads lower-case names only');
  assert.equal(useDirectStreams('direct', 'spark.corp', { http_proxy: 'https://proxy.corp:3128' }), true, 'grpc-js only uses http: proxies');
  assert.equal(useDirectStreams('direct', 'spark.corp', { http_proxy: 'not a url' }), true);
});

void test('no_grpc_proxy (else no_proxy) exempts hosts by suffix or IPv4 CIDR, as grpc-js does', () => {
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ http_proxy: 'http://proxy.corp:3128', ...extra });
  assert.equal(grpcJsUsesProxy('localhost', env({ no_proxy: 'localhost,127.0.0.1' })), false);
  assert.equal(grpcJsUsesProxy('spark.internal.corp', env({ no_proxy: '.corp' })), false);
  assert.equal(grpcJsUsesProxy('spark.example.com', env({ no_proxy: '.corp' })), true);
  assert.equal(grpcJsUsesProxy('10.1.2.3', env({ no_proxy: '10.0.0.0/8' })), false);
  assert.equal(grpcJsUsesProxy('11.1.2.3', env({ no_proxy: '10.0.0.0/8' })), true);
  assert.equal(grpcJsUsesProxy('10.1.2.3', env({ no_proxy: '0.0.0.0/0' })), false);
  assert.equal(grpcJsUsesProxy('localhost', env({ no_grpc_proxy: 'other', no_proxy: 'localhost' })), true, 'no_grpc_proxy wins when set');
});

void test('credential headers follow the token TLS rule: refused in plaintext to a host other than localhost, naming the key only', () => {
  const secret = 'hdr-value-7c1d2e3f';
  const spellings = ['authorization', 'Cookie', 'X-API-KEY', 'x-my-token', 'X-Client-Secret', 'Token'];
  for (const key of spellings) {
    const o = opts(`sc://spark.example.com/;${key}=${secret}`);
    assert.throws(() => callMetadata(o, resolveSecurity(o)), (e: unknown) => {
      assert.ok(e instanceof SparkConnectError, key);
      assert.equal(e.reason, 'config');
      assert.ok(e.message.includes(`'${key.toLowerCase()}'`), e.message);
      assert.doesNotMatch(`${e.message} ${e.hint ?? ''}`, /hdr-value/);
      assert.match(e.hint ?? '', /use_ssl=true/);
      return true;
    });
  }
  // ";Token=" is a header (Spark's keys are case sensitive); the message says how the parameter is spelled.
  const t = opts(`sc://10.0.0.5/;Token=${secret}`);
  assert.throws(() => callMetadata(t, resolveSecurity(t)), /spelled 'token' in lower case/);
});

void test('credential headers are sent over TLS, to localhost, or when plaintext is allowed; other headers always', () => {
  const secret = 'hdr-value-7c1d2e3f';
  const cases = [
    opts(`sc://spark.example.com/;use_ssl=true;x-api-key=${secret}`),
    // a token switches to TLS, which covers the header too
    opts(`sc://spark.example.com/;token=abcd;cookie=${secret}`),
    opts(`sc://localhost:15002/;x-api-key=${secret}`),
    { ...opts(`sc://10.0.0.5/;x-api-key=${secret}`), allowTokenOverPlaintext: true },
    { ...opts(`sc://10.0.0.5/;x-api-key=${secret}`), caCert: 'PEM' },
  ];
  for (const o of cases) assert.ok(Object.values(callMetadata(o, resolveSecurity(o)).getMap()).includes(secret), JSON.stringify(o));
  const plain = opts('sc://10.0.0.5/;x-cluster-id=c1');
  assert.deepEqual(callMetadata(plain, resolveSecurity(plain)).getMap(), { 'x-cluster-id': 'c1' });
});
